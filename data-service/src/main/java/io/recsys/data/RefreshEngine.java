package io.recsys.data;

import io.recsys.core.csv.InputFailure;
import io.recsys.data.input.InteractionReader;
import io.recsys.data.input.RowBatch;
import io.recsys.data.snapshot.InteractionTable;
import io.recsys.data.snapshot.Snapshot;
import io.recsys.data.validate.Deduplicator;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import io.recsys.math.IntList;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The data-refresh computation without the runtime around it (no database, no lease), so that the
 * benchmark and the tests call exactly what the stage runs.
 */
public final class RefreshEngine {

    public enum Mode {
        FULL, INCREMENTAL
    }

    /** What the incremental path answers: a snapshot, or a reason to rebuild in full. */
    public sealed interface Outcome permits Built, Declined {
    }

    /** A built snapshot and what was rejected on the way. */
    public record Built(Mode mode, Snapshot snapshot, List<RejectedRow> rejected, long rowsRead,
                        int pendingTrainableUsers) implements Outcome {
        public double rejectedShare() {
            return rowsRead == 0 ? 0 : (double) rejected.size() / rowsRead;
        }
    }

    /** The incremental path declined; the reason goes into the run's message. */
    public record Declined(String reason) implements Outcome {
    }

    private final RefreshInputs in;

    public RefreshEngine(RefreshInputs inputs) {
        this.in = inputs;
    }

    private InteractionReader reader(Instant now) {
        var v = in.config.validation();
        return new InteractionReader(in.scorer,
                new InteractionReader.Rules(v.ratingMin(), v.ratingMax(), now.plus(v.futureTolerance())));
    }

    public RowBatch readRaw(Instant now) throws InputFailure, IOException {
        return reader(now).read(in.raw, in.rawColumns, in.rawTimestamps, false);
    }

    public RowBatch readStaging(Instant now) throws InputFailure, IOException {
        return reader(now).read(in.staging, in.stagingColumns, in.stagingTimestamps, true);
    }

    /** Everything from the raw file, plus the staging batch (appended after it) when given. */
    public Built full(RowBatch raw, RowBatch staging) {
        List<RowBatch> batches = staging == null ? List.of(raw) : List.of(raw, staging);
        InteractionTable all = InteractionTable.append(null, batches);
        List<RejectedRow> rejected = new ArrayList<>(raw.rejected);
        long read = raw.rowsRead();
        if (staging != null) {
            rejected.addAll(staging.rejected);
            read += staging.rowsRead();
        }
        List<Deduplicator.Duplicate> dups = Deduplicator.findDuplicates(all);
        for (Deduplicator.Duplicate d : dups) {
            rejected.add(duplicateRow(batches, d));
        }
        InteractionTable table = all.select(Deduplicator.keepMask(all.size(), dups));
        return new Built(Mode.FULL, in.builder.build(table), rejected, read, 0);
    }

    /**
     * Appends a staging batch to the previous snapshot's interactions. Declines (the caller then
     * rebuilds in full) when the batch corrects an existing interaction, or when more users became
     * trainable since the last full rebuild than allowed.
     */
    public Outcome incremental(InteractionTable previous, int previousTrainable, int previousPending, RowBatch staging) {
        InteractionTable batchOnly = InteractionTable.append(null, List.of(staging));
        List<Deduplicator.Duplicate> inBatch = Deduplicator.findDuplicates(batchOnly);
        List<RejectedRow> rejected = new ArrayList<>(staging.rejected);
        for (Deduplicator.Duplicate d : inBatch) {
            rejected.add(duplicateRow(List.of(staging), d));
        }
        InteractionTable combined = InteractionTable.append(previous, List.of(staging));
        int base = previous.size();

        // A batch row with the same (user, item, time) as an existing row would correct history: full rebuild.
        IntList batchUsers = new IntList();
        for (int r = base; r < combined.size(); r++) {
            if (combined.user[r] < previous.userIds.size()) {
                batchUsers.add(combined.user[r]);
            }
        }
        Set<InteractionTable.Key> existing = previous.keysOfUsers(batchUsers);
        int corrections = 0;
        for (int r = base; r < combined.size(); r++) {
            if (existing.contains(new InteractionTable.Key(combined.user[r], combined.item[r], combined.timestamp[r]))) {
                corrections++;
            }
        }
        if (corrections > 0) {
            return new Declined("the batch corrects " + corrections + " existing interaction(s)");
        }
        boolean[] keep = null;
        if (!inBatch.isEmpty()) {
            keep = new boolean[combined.size()];
            java.util.Arrays.fill(keep, true);
            for (Deduplicator.Duplicate d : inBatch) {
                keep[base + d.superseded()] = false;
            }
        }
        Snapshot snapshot = in.builder.build(combined.select(keep));
        int pending = previousPending + Math.max(0, snapshot.trainableUsers().length - previousTrainable);
        int max = in.config.incremental().maxPendingTrainableUsers();
        if (pending > max) {
            return new Declined(pending + " users became trainable since the last full rebuild (more than " + max + ")");
        }
        return new Built(Mode.INCREMENTAL, snapshot, rejected, staging.rowsRead(), pending);
    }

    private static RejectedRow duplicateRow(List<RowBatch> batches, Deduplicator.Duplicate d) {
        Located from = locate(batches, d.superseded());
        Located by = locate(batches, d.by());
        RowBatch b = from.batch();
        int row = from.row();
        return new RejectedRow(b.source, b.line.get(row), "user,product,time", RejectReason.DUPLICATE,
                "superseded by " + by.batch().source + " line " + by.batch().line.get(by.row()) + " (keep last)",
                b.userId(row) + "|" + b.itemId(row) + "|" + b.rating.get(row) + "|"
                        + Instant.ofEpochSecond(b.timestamp.get(row)));
    }

    private record Located(RowBatch batch, int row) {
    }

    /** Which batch, and which row in it, row {@code index} of their concatenation is. */
    private static Located locate(List<RowBatch> batches, int index) {
        int local = index;
        for (RowBatch b : batches) {
            if (local < b.size()) {
                return new Located(b, local);
            }
            local -= b.size();
        }
        throw new IndexOutOfBoundsException("row " + index + " is past the batches");
    }
}
