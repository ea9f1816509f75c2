package io.recsys.data.validate;

import io.recsys.core.stage.StageFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The bounds a refresh must stay within to publish: the share of rejected rows, and — apart from
 * it, since the seed drops them without complaint — the share of repeated (user, product, time)
 * rows, which has no bound unless one is configured.
 */
public final class RejectionBounds {
    private final double maxRejectedShare;
    private final Optional<Double> maxDuplicateShare;

    public RejectionBounds(double maxRejectedShare, Optional<Double> maxDuplicateShare) {
        this.maxRejectedShare = maxRejectedShare;
        this.maxDuplicateShare = maxDuplicateShare;
    }

    /**
     * @param quarantine where the rows were written, or null (a dry run writes none)
     */
    public void check(List<RejectedRow> rejected, List<RejectedRow> duplicates, long rowsRead, Path quarantine)
            throws StageFailure {
        String where = quarantine == null ? "" : ". Rejected rows: " + quarantine;
        double share = share(rejected.size(), rowsRead);
        if (share > maxRejectedShare) {
            throw new StageFailure(
                    String.format(
                                    "%d of %d rows (%.1f%%) rejected, above the %.1f%% bound; nothing " + "published%s",
                                    rejected.size(),
                                    rowsRead,
                                    100 * share,
                                    100 * maxRejectedShare,
                                    duplicates.isEmpty() ? "" : " (" + duplicates.size() + " duplicates not counted)")
                            + where,
                    Quarantine.worstOffences(rejected, 5));
        }
        if (maxDuplicateShare.isPresent()) {
            double dupShare = share(duplicates.size(), rowsRead);
            if (dupShare > maxDuplicateShare.get()) {
                throw new StageFailure(
                        String.format(
                                "%d of %d rows (%.1f%%) repeat an earlier (user, product, time),"
                                        + " above data.validation.max-duplicate-share = %.1f%%; nothing published%s",
                                duplicates.size(), rowsRead, 100 * dupShare, 100 * maxDuplicateShare.get(), where),
                        Quarantine.worstOffences(duplicates, 1));
            }
        }
    }

    private static double share(int n, long of) {
        return of == 0 ? 0 : (double) n / of;
    }
}
