package io.recsys.data;

import io.recsys.core.csv.CsvLayout;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.csv.InputFailure;
import io.recsys.data.input.EventRows;
import io.recsys.data.input.InteractionReader;
import io.recsys.data.input.ProductCatalog;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The data-refresh computation without the runtime around it (no database, no lease), so that the
 * benchmark and the tests call exactly what the stage runs.
 */
public final class RefreshEngine {

    public enum Mode {
        FULL,
        INCREMENTAL
    }

    /** What the incremental path answers: a snapshot, or a reason to rebuild in full. */
    public sealed interface Outcome permits Built, Declined {}

    /**
     * A built snapshot and what was left out on the way: rejected file rows (held against the
     * rejection bound), repeated rows (counted apart: the seed drops them, keeping the last), how
     * many accepted rows name a product the catalogue does not have (unknown-products=keep), and the
     * events taken in with their own rejects (quarantined too, but not held against the bound: they
     * were validated when posted, and a product the catalogue does not list yet must not stop the
     * refresh of everything else; {@code rowsRead} counts file rows only).
     */
    public record Built(
            Mode mode,
            Snapshot snapshot,
            List<RejectedRow> rejected,
            List<RejectedRow> duplicates,
            long rowsRead,
            int pendingTrainableUsers,
            long unknownProductRowsKept,
            int unknownProductsKept,
            EventsTaken events)
            implements Outcome {
        public double rejectedShare() {
            return rowsRead == 0 ? 0 : (double) rejected.size() / rowsRead;
        }

        public double duplicateShare() {
            return rowsRead == 0 ? 0 : (double) duplicates.size() / rowsRead;
        }

        /** Everything that goes to the quarantine file. */
        public List<RejectedRow> quarantined() {
            List<RejectedRow> all = new ArrayList<>(rejected);
            all.addAll(duplicates);
            all.addAll(events.rejectedRows());
            return all;
        }
    }

    /**
     * The events a snapshot took in: read between two watermarks, accepted as rows, rejected
     * (quarantined like file rows); {@code watermark} is where the next incremental read starts.
     */
    public record EventsTaken(String from, String watermark, long read, int accepted, List<RejectedRow> rejectedRows) {
        public static final EventsTaken NONE = new EventsTaken(null, null, 0, 0, List.of());

        static EventsTaken of(EventBatch events) {
            return events == null
                    ? NONE
                    : new EventsTaken(
                            events.from(),
                            events.watermark(),
                            events.rows().rowsRead(),
                            events.rows().size(),
                            List.copyOf(events.rows().rejected));
        }
    }

    /** The events of one refresh, with the watermarks they were read between. */
    public record EventBatch(RowBatch rows, String from, String watermark) {}

    /** The incremental path declined; the reason goes into the run's message. */
    public record Declined(String reason) implements Outcome {}

    private final RefreshInputs in;
    private ProductCatalog catalog;

    public RefreshEngine(RefreshInputs inputs) {
        this.in = inputs;
    }

    /** The product catalogue (read once), or null when data.products.enabled=false. */
    public ProductCatalog catalog() throws InputFailure, IOException {
        if (catalog == null && in.products != null) {
            catalog = ProductCatalog.read(in.products, in.productIdColumn);
        }
        return catalog;
    }

    private InteractionReader.Rules rules(Instant now) throws InputFailure, IOException {
        var v = in.config.validation();
        ProductCatalog products = catalog();
        return new InteractionReader.Rules(
                v.ratingMin(),
                v.ratingMax(),
                now.plus(v.futureTolerance()),
                products == null ? null : products.productIds(),
                v.unknownProducts());
    }

    private InteractionReader reader(Instant now) throws InputFailure, IOException {
        return new InteractionReader(in.scorer, rules(now));
    }

    /** Events as rows, by the rules file rows are read by (the raw file's rating type). */
    public EventRows eventRows(Instant now) throws InputFailure, IOException {
        return new EventRows(
                rules(now), in.config.events(), in.config.interactions().ratingType());
    }

    public RowBatch readRaw(Instant now) throws InputFailure, IOException {
        return reader(now).read(in.rawSource, false);
    }

    public RowBatch readStaging(Instant now) throws InputFailure, IOException {
        return reader(now).read(in.stagingSource, true);
    }

    /**
     * Everything from the raw file, plus the staging batch (appended after it) when given, plus the
     * events (null: none) after both. Repeated (user, product, time) rows are a file matter: events
     * are unique by their id already, and a view and a click in the same second are two interactions.
     */
    public Built full(RowBatch raw, RowBatch staging, EventBatch events) throws IOException {
        List<RowBatch> batches = staging == null ? List.of(raw) : List.of(raw, staging);
        List<CsvLayout> layouts = staging == null ? List.of(in.raw) : List.of(in.raw, in.staging);
        InteractionTable all = InteractionTable.append(null, batches);
        List<RejectedRow> rejected = new ArrayList<>();
        long read = 0;
        long unknownRows = 0;
        Set<String> unknown = new HashSet<>();
        for (RowBatch b : batches) {
            rejected.addAll(b.rejected);
            read += b.rowsRead();
            unknownRows += b.unknownProductRows();
            unknown.addAll(b.unknownProducts());
        }
        List<Deduplicator.Duplicate> dups = Deduplicator.findDuplicates(all);
        List<RejectedRow> duplicates = duplicateRows(batches, layouts, dups);
        InteractionTable table = all.select(Deduplicator.keepMask(all.size(), dups));
        RowBatch e = events == null ? null : events.rows();
        if (e != null) {
            table = InteractionTable.append(table, List.of(e));
            unknownRows += e.unknownProductRows();
            unknown.addAll(e.unknownProducts());
        }
        return new Built(
                Mode.FULL,
                in.builder.build(table),
                rejected,
                duplicates,
                read,
                0,
                unknownRows,
                unknown.size(),
                EventsTaken.of(events));
    }

    /**
     * Appends a staging batch (null: none) and the events since the previous snapshot's watermark
     * (null: none) to the previous snapshot's interactions. Declines (the caller then rebuilds in
     * full) when the batch corrects an existing interaction, or when more users became trainable
     * since the last full rebuild than allowed.
     */
    public Outcome incremental(
            InteractionTable previous, int previousTrainable, int previousPending, RowBatch staging, EventBatch events)
            throws IOException {
        RowBatch files = staging == null ? new RowBatch(in.staging.fileName(), 0, false) : staging;
        InteractionTable batchOnly = InteractionTable.append(null, List.of(files));
        List<Deduplicator.Duplicate> inBatch = Deduplicator.findDuplicates(batchOnly);
        List<RejectedRow> rejected = new ArrayList<>(files.rejected);
        InteractionTable combined = InteractionTable.append(previous, List.of(files));
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
            if (existing.contains(
                    new InteractionTable.Key(combined.user[r], combined.item[r], combined.timestamp[r]))) {
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
        InteractionTable table = combined.select(keep);
        RowBatch e = events == null ? null : events.rows();
        long read = files.rowsRead();
        long unknownRows = files.unknownProductRows();
        Set<String> unknown = new HashSet<>(files.unknownProducts());
        if (e != null) {
            table = InteractionTable.append(table, List.of(e));
            unknownRows += e.unknownProductRows();
            unknown.addAll(e.unknownProducts());
        }
        Snapshot snapshot = in.builder.build(table);
        int pending = previousPending + Math.max(0, snapshot.trainableUsers().length - previousTrainable);
        int max = in.config.incremental().maxPendingTrainableUsers();
        if (pending > max) {
            return new Declined(
                    pending + " users became trainable since the last full rebuild (more than " + max + ")");
        }
        return new Built(
                Mode.INCREMENTAL,
                snapshot,
                rejected,
                duplicateRows(List.of(files), List.of(in.staging), inBatch),
                read,
                pending,
                unknownRows,
                unknown.size(),
                EventsTaken.of(events));
    }

    /**
     * The superseded rows, each with its original text read back from its file (kept only as a
     * position while reading, so that a million accepted rows do not each hold their text).
     */
    private static List<RejectedRow> duplicateRows(
            List<RowBatch> batches, List<CsvLayout> layouts, List<Deduplicator.Duplicate> dups) throws IOException {
        List<RejectedRow> out = new ArrayList<>(dups.size());
        if (dups.isEmpty()) {
            return out;
        }
        Map<RowBatch, String[]> texts = new HashMap<>();
        for (int k = 0; k < batches.size(); k++) {
            RowBatch b = batches.get(k);
            int[] rows = dups.stream()
                    .map(d -> locate(batches, d.superseded()))
                    .filter(l -> l.batch() == b)
                    .mapToInt(Located::row)
                    .sorted()
                    .toArray();
            if (rows.length == 0) {
                continue;
            }
            long[] starts = new long[rows.length];
            int[] lengths = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                starts[i] = b.charStart.get(rows[i]);
                lengths[i] = b.charLength.get(rows[i]);
            }
            String[] found = CsvRecords.texts(layouts.get(k), starts, lengths);
            String[] byRow = new String[b.size()];
            for (int i = 0; i < rows.length; i++) {
                byRow[rows[i]] = found[i];
            }
            texts.put(b, byRow);
        }
        for (Deduplicator.Duplicate d : dups) {
            Located from = locate(batches, d.superseded());
            Located by = locate(batches, d.by());
            RowBatch b = from.batch();
            int row = from.row();
            RowBatch kb = by.batch();
            float before = b.rating.get(row);
            float after = kb.rating.get(by.row());
            String detail = before == after
                    ? "repeated by " + kb.source + " line " + kb.line.get(by.row()) + " (the last is kept)"
                    : "superseded by " + kb.source + " line " + kb.line.get(by.row()) + ", rating " + fmt(before)
                            + " -> " + fmt(after) + " (the last is kept)";
            out.add(new RejectedRow(
                    b.source, b.line.get(row), "user,product,time", RejectReason.DUPLICATE, detail, texts.get(b)[row]));
        }
        return out;
    }

    private static String fmt(float f) {
        return f == Math.rint(f) ? Integer.toString((int) f) : Float.toString(f);
    }

    private record Located(RowBatch batch, int row) {}

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
