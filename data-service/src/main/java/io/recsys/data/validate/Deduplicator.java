package io.recsys.data.validate;

import io.recsys.data.snapshot.InteractionTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds repeated (user, product, time) rows. As in the seed ({@code drop_duplicates(keep='last')}),
 * the last occurrence wins; earlier ones are quarantined as superseded.
 */
public final class Deduplicator {

    /** Row {@code superseded} repeats row {@code by}, which is kept. */
    public record Duplicate(int superseded, int by) {}

    private Deduplicator() {}

    public static List<Duplicate> findDuplicates(InteractionTable t) {
        Map<InteractionTable.Key, Integer> last = new HashMap<>(Math.max(16, t.size() * 2));
        List<Duplicate> dups = new ArrayList<>();
        for (int row = 0; row < t.size(); row++) {
            Integer previous = last.put(new InteractionTable.Key(t.user[row], t.item[row], t.timestamp[row]), row);
            if (previous != null) {
                dups.add(new Duplicate(previous, row));
            }
        }
        return dups;
    }

    /** The keep-mask for {@link InteractionTable#select}, or null when nothing repeats. */
    public static boolean[] keepMask(int size, List<Duplicate> dups) {
        if (dups.isEmpty()) {
            return null;
        }
        boolean[] keep = new boolean[size];
        java.util.Arrays.fill(keep, true);
        for (Duplicate d : dups) {
            keep[d.superseded()] = false;
        }
        return keep;
    }
}
