package io.recsys.data.validate;

import io.recsys.core.stage.StageFailure;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a built snapshot is fit to publish: enough users and items to train on (the seed's
 * 50 / 10), not a fraction of the current snapshot (a truncated raw file would otherwise become
 * the training data), and a warning — as in the seed — when the matrix is extremely sparse.
 */
public final class SnapshotGate {
    private final int minUsers;
    private final int minItems;
    private final double maxSparsity;
    private final double maxShrink;

    public SnapshotGate(int minUsers, int minItems, double maxSparsity, double maxShrink) {
        this.minUsers = minUsers;
        this.minItems = minItems;
        this.maxSparsity = maxSparsity;
        this.maxShrink = maxShrink;
    }

    /**
     * Throws when the snapshot must not be published; returns the warnings otherwise.
     *
     * @param previousInteractions the current snapshot's interaction count, or -1 when there is none
     * @param acceptShrink         accept a shrink (--accept-shrink: the operator knows the data really got smaller)
     */
    public List<String> check(
            int trainableUsers,
            int items,
            long interactions,
            double sparsity,
            long previousInteractions,
            boolean acceptShrink)
            throws StageFailure {
        if (trainableUsers < minUsers) {
            throw new StageFailure("too few users to train on: " + trainableUsers + " trainable users, below"
                    + " data.validation.min-users = " + minUsers + "; nothing published");
        }
        if (items < minItems) {
            throw new StageFailure("too few items to train on: " + items + ", below data.validation.min-items = "
                    + minItems + "; nothing published");
        }
        if (previousInteractions > 0 && !acceptShrink) {
            double shrink = 1.0 - (double) interactions / previousInteractions;
            if (shrink > maxShrink) {
                throw new StageFailure(String.format(
                        "the new snapshot has %d interactions, %.0f%% fewer than the"
                                + " current one (%d), above data.validation.max-shrink = %.0f%%: is the raw file"
                                + " truncated? Nothing published; run with --accept-shrink if the data really shrank",
                        interactions, 100 * shrink, previousInteractions, 100 * maxShrink));
            }
        }
        List<String> warnings = new ArrayList<>();
        if (sparsity > maxSparsity) {
            warnings.add(String.format(
                    "high sparsity %.4f (above %.2f): few interactions per user and item", sparsity, maxSparsity));
        }
        return warnings;
    }
}
