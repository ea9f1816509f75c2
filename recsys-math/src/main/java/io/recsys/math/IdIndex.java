package io.recsys.math;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A dense index over external string ids, in the order ids were first added. Index {@code i}
 * is the row (users) or column (items) {@code i} of the matrices built with it.
 */
public final class IdIndex {
    private final Map<String, Integer> indexById;
    private final List<String> ids;

    public IdIndex() {
        this.indexById = new HashMap<>();
        this.ids = new ArrayList<>();
    }

    public IdIndex(int expectedSize) {
        this.indexById = new HashMap<>(Math.max(16, (int) (expectedSize / 0.75f) + 1));
        this.ids = new ArrayList<>(expectedSize);
    }

    public static IdIndex of(List<String> ids) {
        IdIndex index = new IdIndex(ids.size());
        for (String id : ids) {
            if (index.indexOf(id) >= 0) {
                throw new IllegalArgumentException("duplicate id in mapping: " + id);
            }
            index.add(id);
        }
        return index;
    }

    /** The index of {@code id}, adding it at the end when new. */
    public int add(String id) {
        Integer existing = indexById.putIfAbsent(id, ids.size());
        if (existing != null) {
            return existing;
        }
        ids.add(id);
        return ids.size() - 1;
    }

    /** The index of {@code id}, or -1 when unknown. */
    public int indexOf(String id) {
        Integer i = indexById.get(id);
        return i == null ? -1 : i;
    }

    public String idAt(int index) {
        return ids.get(index);
    }

    public int size() {
        return ids.size();
    }

    public List<String> ids() {
        return Collections.unmodifiableList(ids);
    }
}
