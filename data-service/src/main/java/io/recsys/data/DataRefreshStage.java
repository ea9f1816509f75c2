package io.recsys.data;

import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.artifact.snapshot.SnapshotWriter;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.Manifest;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.csv.CsvRecords;
import io.recsys.core.feedback.EventLog;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageInputs;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.data.config.DataConfig;
import io.recsys.data.input.ProductCatalog;
import io.recsys.data.input.RowBatch;
import io.recsys.data.snapshot.InteractionTable;
import io.recsys.data.snapshot.Snapshot;
import io.recsys.data.staging.RawFileMerger;
import io.recsys.data.validate.Quarantine;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import io.recsys.data.validate.RejectionBounds;
import io.recsys.data.validate.SnapshotGate;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Daily data refresh: merge the staging batch, validate, score comments, split, build matrices and
 * stats, and publish an immutable snapshot recorded in Postgres as current. Small batches update
 * the current snapshot incrementally; everything else rebuilds in full. Unchanged inputs and no
 * staging batch: SKIPPED by the runner's skip rule (the snapshot must still verify).
 */
@ApplicationScoped
public class DataRefreshStage implements CachedStage<DataRefreshStage.Planned, ArtifactRecord> {
    public static final String NAME = "data-refresh";
    public static final ArtifactKind KIND = ArtifactKind.DATA_SNAPSHOT;
    public static final String CURRENT = ArtifactKind.CURRENT;
    public static final String AREA = "snapshots";

    private static final Logger LOG = Logger.getLogger(DataRefreshStage.class);
    private static final DateTimeFormatter ID_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final DataConfig config;
    private final ArtifactStore store;
    private final ArtifactRegistry registry;
    private final EventLog events;
    private final PipelineConfig.Events eventWeights;

    /** Where the next incremental read of events starts, in a snapshot's metadata.json. */
    static final String EVENTS_WATERMARK = "events_watermark";

    public DataRefreshStage(
            DataConfig config,
            PipelineConfig pipeline,
            ArtifactStore store,
            ArtifactRegistry registry,
            EventLog events) {
        this.config = config;
        this.eventWeights = pipeline.events();
        this.store = store;
        this.registry = registry;
        this.events = events;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** A dry run validates and builds in memory and publishes nothing. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.flag("force-full", "rebuild in full even for a small staging batch"),
                StageOption.flag("skip-merge", "ignore the staging batch this time"),
                StageOption.flag(
                        "accept-shrink",
                        "publish even if the snapshot has far fewer interactions than the current one"));
    }

    /**
     * This run's inputs: the versions, and what was resolved and read to get them. Every input is
     * checked before it is hashed: an unreadable or misplaced file is one sentence, not a trace.
     */
    public record Planned(
            SnapshotInputs versions,
            RefreshInputs in,
            RefreshEngine engine,
            ProductCatalog catalog,
            boolean hasStaging,
            EventLog.Boundary eventsBoundary)
            implements StageInputs {
        /** Events arrived since {@code current} was built (never with events off). */
        boolean newEvents(ArtifactRecord current) {
            return eventsBoundary != null
                    && !Objects.equals(
                            versions.eventsThrough(),
                            SnapshotInputs.fromMap(current.inputVersions()).eventsThrough());
        }

        @Override
        public Map<String, Object> asLedgerMap() {
            return versions.asLedgerMap();
        }
    }

    @Override
    public Optional<ArtifactRecord> current(StageContext ctx) throws Exception {
        return registry.resolve(KIND, CURRENT);
    }

    @Override
    public Planned inputs(StageContext ctx, Optional<ArtifactRecord> current) throws Exception {
        RefreshInputs in = new RefreshInputs(config, eventWeights, ctx.home());
        RefreshEngine engine = new RefreshEngine(in);
        CsvRecords.requireReadableFile(
                in.raw.file(), in.raw.fileName() + " (raw interactions)", " (data.raw-dir / data.interactions.file)");
        String productsSha = SnapshotInputs.NO_CATALOGUE;
        if (in.products != null) {
            CsvRecords.requireReadableFile(
                    in.products.file(),
                    in.products.fileName() + " (product catalogue)",
                    " (set data.products.enabled=false to run without one)");
            productsSha = ArtifactStore.sha256(in.products.file());
        }
        boolean skipMerge = ctx.options().flag("skip-merge");
        boolean hasStaging = !skipMerge && (Files.exists(in.staging.file()) || Files.isSymbolicLink(in.staging.file()));
        if (hasStaging) {
            CsvRecords.requireReadableFile(in.staging.file(), in.staging.fileName() + " (staging batch)", "");
        }
        String rawSha = ArtifactStore.sha256(in.raw.file());
        ProductCatalog catalog = engine.catalog();
        // Taken now, read later: the events below the watermark are the same then as now.
        EventLog.Boundary boundary = config.events().enabled() ? events.boundary() : null;
        String eventsThrough = boundary == null
                ? SnapshotInputs.EVENTS_OFF
                : boundary.lastTxid() == null ? SnapshotInputs.NO_EVENTS : boundary.lastTxid();
        return new Planned(
                new SnapshotInputs(rawSha, productsSha, in.configFingerprint, eventsThrough),
                in,
                engine,
                catalog,
                hasStaging,
                boundary);
    }

    @Override
    public boolean unchanged(Planned inputs, ArtifactRecord current) {
        return inputs.asLedgerMap().equals(current.inputVersions());
    }

    /** A waiting staging batch is new data; a snapshot that fails verification is rebuilt. */
    @Override
    public boolean stillValid(StageContext ctx, Planned inputs, ArtifactRecord current) {
        if (inputs.hasStaging()) {
            return false;
        }
        try {
            store.verify(Path.of(current.path()));
            return true;
        } catch (IOException e) {
            LOG.warnf("current snapshot %s fails verification (%s); rebuilding", current.id(), e.getMessage());
            return false;
        }
    }

    @Override
    public String skipMessage(StageContext ctx, Planned inputs, ArtifactRecord current) {
        return "inputs unchanged since snapshot " + current.id();
    }

    /** Named steps: read the staging batch, build (incremental or full), check the gates, publish. */
    @Override
    public StageResult execute(StageContext ctx, Planned planned, Optional<ArtifactRecord> current) throws Exception {
        RefreshInputs in = planned.in();
        Instant now = Instant.now();
        RowBatch staging = planned.hasStaging() ? planned.engine().readStaging(now) : null;
        if (staging != null) {
            LOG.infof(
                    "staging batch %s: %d rows, %d rejected",
                    in.staging.file(), staging.rowsRead(), staging.rejected.size());
        }
        Build build = build(ctx, planned, current, staging, now);
        ctx.checkAlive();
        Checked checked = checkGates(ctx, build.built(), current, now);
        Map<String, Object> metrics = metrics(build.built());
        String counts = counts(build.built(), planned.catalog());
        if (ctx.dryRun()) {
            return dryRunResult(
                    build.built(),
                    staging,
                    build.built().quarantined().size(),
                    build.fallback(),
                    counts,
                    checked.warned(),
                    planned.versions().asLedgerMap(),
                    metrics);
        }
        return publish(ctx, planned, current, staging, build, checked, counts, metrics, now);
    }

    /** The refresh itself and, when it could not be incremental, why ({@code fallback}; null when it was). */
    private record Build(RefreshEngine.Built built, String fallback) {}

    /** The quarantine file written (or null) and the gate's warnings for the message. */
    private record Checked(Path quarantine, String warned) {}

    /**
     * Incremental on the current snapshot when the staging batch and the new events allow it, else a
     * full rebuild (which takes every event below the watermark).
     */
    private Build build(
            StageContext ctx, Planned planned, Optional<ArtifactRecord> current, RowBatch staging, Instant now)
            throws Exception {
        RefreshInputs in = planned.in();
        RefreshEngine engine = planned.engine();
        SnapshotInputs inputs = planned.versions();
        RefreshEngine.Built built = null;
        String fallback = null;
        Map<String, Object> parentMeta;
        boolean newEvents = current.isPresent() && planned.newEvents(current.get());
        if ((staging != null || newEvents)
                && current.isPresent()
                && !ctx.options().flag("force-full")) {
            fallback = incrementalBlocker(current.get(), inputs, staging);
            Path prevDir = Path.of(current.get().path());
            if (fallback == null) {
                try {
                    store.verify(prevDir);
                } catch (IOException e) {
                    fallback =
                            "current snapshot " + current.get().id() + " fails verification (" + e.getMessage() + ")";
                }
            }
            if (fallback == null) {
                SnapshotReader previousSnapshot = SnapshotReader.open(prevDir);
                parentMeta = previousSnapshot.metadata();
                Object from = parentMeta.get(EVENTS_WATERMARK);
                if (planned.eventsBoundary() != null && from == null) {
                    fallback = "snapshot " + current.get().id() + " records no events watermark";
                } else {
                    InteractionTable previous = InteractionTable.fromRows(previousSnapshot.interactions());
                    RefreshEngine.Outcome outcome = engine.incremental(
                            previous,
                            intOf(parentMeta, "trainable_users"),
                            intOf(parentMeta, "pending_trainable_users"),
                            staging,
                            readEvents(planned, from == null ? null : from.toString(), now));
                    if (outcome instanceof RefreshEngine.Built b) {
                        built = b;
                    } else {
                        fallback = ((RefreshEngine.Declined) outcome).reason();
                    }
                }
            }
        } else if (staging != null || newEvents) {
            fallback = ctx.options().flag("force-full") ? "--force-full" : "no current snapshot";
        }
        if (fallback != null) {
            LOG.infof("full rebuild: %s", fallback);
        }
        if (built == null) {
            RowBatch raw = engine.readRaw(now);
            LOG.infof("loaded %d rows from %s (%d rejected)", raw.rowsRead(), in.raw.file(), raw.rejected.size());
            built = engine.full(raw, staging, readEvents(planned, EventLog.FROM_THE_START, now));
        }
        return new Build(built, fallback);
    }

    /** The events from {@code from} up to the planned watermark (null with events off). */
    private RefreshEngine.EventBatch readEvents(Planned planned, String from, Instant now) throws Exception {
        EventLog.Boundary b = planned.eventsBoundary();
        if (b == null) {
            return null;
        }
        RowBatch rows = planned.engine().eventRows(now).read(events, from, b.watermark());
        LOG.infof(
                "events from watermark %s to %s: %d read, %d rejected",
                from, b.watermark(), rows.rowsRead(), rows.rejected.size());
        return new RefreshEngine.EventBatch(rows, from, b.watermark());
    }

    /** Quarantines rows of unknown products, then applies the rejection bounds and the snapshot gate. */
    private Checked checkGates(
            StageContext ctx, RefreshEngine.Built built, Optional<ArtifactRecord> current, Instant now)
            throws Exception {
        Snapshot snapshot = built.snapshot();
        List<RejectedRow> quarantined = built.quarantined();
        Path quarantine = null;
        if (!quarantined.isEmpty() && !ctx.dryRun()) {
            quarantine = ctx.home().resolve("quarantine").resolve(ID_STAMP.format(now) + "_" + ctx.runId() + ".csv");
            Quarantine.write(quarantine, quarantined);
        }
        new RejectionBounds(
                        config.validation().maxRejectedShare(),
                        config.validation().maxDuplicateShare())
                .check(built.rejected(), built.duplicates(), built.rowsRead(), quarantine);
        if (snapshot.trainableUsers().length == 0) {
            throw new StageFailure("no trainable users (none has "
                    + config.features().minUserInteractions() + " or more valid interactions); nothing published");
        }
        var v = config.validation();
        long previousInteractions = current.map(c -> c.summary().get("interactions"))
                .filter(Number.class::isInstance)
                .map(n -> ((Number) n).longValue())
                .orElse(-1L);
        List<String> warnings = new SnapshotGate(v.minUsers(), v.minItems(), v.maxSparsity(), v.maxShrink())
                .check(
                        snapshot.trainableUsers().length,
                        snapshot.table().itemIds.size(),
                        snapshot.table().size(),
                        snapshot.confidence().sparsity(),
                        previousInteractions,
                        ctx.options().flag("accept-shrink"));
        warnings.forEach(w -> LOG.warn(w));
        String warned = warnings.isEmpty() ? "" : " (warning: " + String.join("; ", warnings) + ")";
        return new Checked(quarantine, warned);
    }

    /** Merges the staging batch into raw, publishes and registers the snapshot, archives staging. */
    private StageResult publish(
            StageContext ctx,
            Planned planned,
            Optional<ArtifactRecord> current,
            RowBatch staging,
            Build build,
            Checked checked,
            String counts,
            Map<String, Object> metrics,
            Instant now)
            throws Exception {
        RefreshInputs in = planned.in();
        SnapshotInputs inputs = planned.versions();
        RefreshEngine.Built built = build.built();
        Snapshot snapshot = built.snapshot();
        String fallback = build.fallback();
        Path quarantine = checked.quarantine();
        String warned = checked.warned();
        ProductCatalog catalog = planned.catalog();
        Path merged = null;
        SnapshotInputs published = inputs;
        if (staging != null) {
            merged = RawFileMerger.writeMerged(in.raw, in.rawMergeColumns(), in.rawTimestamps, staging);
            published = inputs.withRawInteractions(ArtifactStore.sha256(merged));
        }
        try {
            String id = ID_STAMP.format(now) + "-" + ctx.runId().toString().substring(0, 8);
            Map<String, Object> metadata =
                    metadata(id, built, published.asLedgerMap(), current, catalog, fallback, ctx);
            if (quarantine != null) {
                metadata.put("quarantine", quarantine.toString());
            }
            Manifest manifest =
                    store.publish(AREA, id, metadata, dir -> SnapshotWriter.write(dir, snapshot.toContent(metadata)));
            Path dir = store.area(AREA).resolve(id);
            ctx.checkAlive();
            registry.registerAndPoint(
                    new ArtifactRecord(
                            KIND,
                            id,
                            dir.toString(),
                            store.manifestDigest(dir),
                            manifest.createdAt(),
                            ctx.runId(),
                            published.asLedgerMap(),
                            summary(built)),
                    CURRENT);
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("snapshot_id", id);
            outputs.put("snapshot_path", dir.toString());
            outputs.put("mode", built.mode().name().toLowerCase(Locale.ROOT));
            if (fallback != null && staging != null) {
                outputs.put("full_rebuild_reason", fallback);
            }
            if (quarantine != null) {
                outputs.put("quarantine", quarantine.toString());
            }
            if (merged != null) {
                outputs.put(
                        "raw_backup",
                        RawFileMerger.commit(in.raw.file(), merged, now).toString());
                outputs.put(
                        "staging_archived",
                        RawFileMerger.archive(in.staging.file(), now).toString());
                merged = null;
            }
            LOG.infof(
                    "snapshot %s published at %s: %d interactions, %d trainable users x %d items, sparsity %.4f",
                    id,
                    dir,
                    snapshot.table().size(),
                    snapshot.trainableUsers().length,
                    snapshot.table().itemIds.size(),
                    snapshot.confidence().sparsity());
            outputs.put("rows_read", built.rowsRead());
            outputs.put("rows_rejected", built.rejected().size());
            outputs.put("rows_duplicate", built.duplicates().size());
            if (built.events().watermark() != null) {
                outputs.put("events_taken", built.events().accepted());
                outputs.put("events_watermark", built.events().watermark());
            }
            return StageResult.succeeded(
                            built.mode().name().toLowerCase(Locale.ROOT) + " refresh published snapshot " + id + " ("
                                    + counts + ")" + warned,
                            published.asLedgerMap(),
                            outputs,
                            metrics)
                    .signalling(ChainSignal.SNAPSHOT_PUBLISHED)
                    .signallingIf(catalogueChanged(current, published), ChainSignal.CATALOGUE_CHANGED);
        } finally {
            if (merged != null) {
                Files.deleteIfExists(merged);
            }
        }
    }

    /** What a dry run would have done, in its message and outputs; it writes nothing. */
    private StageResult dryRunResult(
            RefreshEngine.Built built,
            RowBatch staging,
            int toQuarantine,
            String fallback,
            String counts,
            String warned,
            Map<String, Object> inputs,
            Map<String, Object> metrics) {
        String mode = built.mode().name().toLowerCase(Locale.ROOT);
        StringBuilder m = new StringBuilder("dry run: would publish ")
                .append(built.mode() == RefreshEngine.Mode.FULL ? "a " : "an ")
                .append(mode)
                .append(" snapshot of ")
                .append(built.snapshot().table().size())
                .append(" interactions (")
                .append(counts)
                .append(")");
        if (toQuarantine > 0) {
            m.append("; would quarantine ").append(toQuarantine).append(" rows");
        }
        if (staging != null) {
            m.append("; would merge ")
                    .append(staging.size())
                    .append(" staging rows into ")
                    .append(config.interactions().file())
                    .append(" (backing it up) and archive the staging file");
        }
        m.append("; nothing written").append(warned);
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("dry_run", true);
        outputs.put("mode", mode);
        outputs.put("rows_read", built.rowsRead());
        outputs.put("rows_rejected", built.rejected().size());
        outputs.put("rows_duplicate", built.duplicates().size());
        outputs.put("would_quarantine", toQuarantine);
        outputs.put("would_merge_staging_rows", staging == null ? 0 : staging.size());
        outputs.put("interactions", built.snapshot().table().size());
        if (fallback != null && staging != null) {
            outputs.put("full_rebuild_reason", fallback);
        }
        return StageResult.succeeded(m.toString(), inputs, outputs, metrics);
    }

    /**
     * Whether the published snapshot was read from another product catalogue than the current one (the
     * embeddings follow a catalogue change); a first snapshot has a catalogue nothing had before.
     */
    private static boolean catalogueChanged(Optional<ArtifactRecord> current, SnapshotInputs published) {
        if (SnapshotInputs.NO_CATALOGUE.equals(published.productsSha256())) {
            return false;
        }
        return current.isEmpty()
                || !published
                        .productsSha256()
                        .equals(SnapshotInputs.fromMap(current.get().inputVersions())
                                .productsSha256());
    }

    /** "1200 rows read, 7 rejected (2 unknown products), 3 duplicates dropped": the run message's counts. */
    private String counts(RefreshEngine.Built b, ProductCatalog catalog) {
        long unknownQuarantined = b.rejected().stream()
                .filter(r -> r.reason() == RejectReason.UNKNOWN_PRODUCT)
                .count();
        StringBuilder s = new StringBuilder()
                .append(b.rowsRead())
                .append(" rows read, ")
                .append(b.rejected().size())
                .append(" rejected");
        if (unknownQuarantined > 0) {
            s.append(" (").append(unknownQuarantined).append(" of products not in the catalogue)");
        }
        s.append(", ").append(b.duplicates().size()).append(" duplicates dropped");
        if (b.events().read() > 0) {
            s.append(", ")
                    .append(b.events().accepted())
                    .append(" of ")
                    .append(b.events().read())
                    .append(" events taken");
        }
        if (b.unknownProductRowsKept() > 0) {
            s.append(", ")
                    .append(b.unknownProductRowsKept())
                    .append(" rows of ")
                    .append(b.unknownProductsKept())
                    .append(" products not in the catalogue kept");
        }
        if (catalog == null) {
            s.append(", product ids not checked (no catalogue)");
        }
        return s.toString();
    }

    private String incrementalBlocker(ArtifactRecord current, SnapshotInputs inputs, RowBatch staging) {
        SnapshotInputs before = SnapshotInputs.fromMap(current.inputVersions());
        if (!Objects.equals(before.rawInteractionsSha256(), inputs.rawInteractionsSha256())) {
            return "the raw interactions file changed since snapshot " + current.id();
        }
        if (!Objects.equals(before.config(), inputs.config())) {
            return "the data configuration changed since snapshot " + current.id();
        }
        if (!Objects.equals(before.productsSha256(), inputs.productsSha256())) {
            return "the product catalogue changed since snapshot " + current.id();
        }
        int max = config.incremental().maxBatch();
        if (staging != null && staging.rowsRead() > max) {
            return "the staging batch has " + staging.rowsRead() + " rows, more than data.incremental.max-batch=" + max;
        }
        return null;
    }

    private static int intOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : 0;
    }

    private Map<String, Object> metadata(
            String id,
            RefreshEngine.Built built,
            Map<String, Object> inputs,
            Optional<ArtifactRecord> parent,
            ProductCatalog catalog,
            String fallback,
            StageContext ctx) {
        Snapshot s = built.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", id);
        m.put("mode", built.mode().name().toLowerCase(Locale.ROOT));
        m.put("parent_snapshot", parent.map(ArtifactRecord::id).orElse(null));
        m.put("run_id", ctx.runId().toString());
        m.put("input_versions", inputs);
        m.put("interactions", s.table().size());
        m.put("users", s.table().userIds.size());
        m.put("items", s.table().itemIds.size());
        m.put("trainable_users", s.trainableUsers().length);
        m.put("cold_start_users", s.coldStartUsers().size());
        m.put("pending_trainable_users", built.pendingTrainableUsers());
        m.put("rows_read", built.rowsRead());
        m.put("rows_rejected", built.rejected().size());
        m.put("rows_rejected_by_reason", byReason(built.rejected()));
        m.put("rows_duplicate", built.duplicates().size());
        Map<String, Object> unknown = new LinkedHashMap<>();
        unknown.put(
                "rule",
                catalog == null
                        ? "not checked (no catalogue)"
                        : config.validation().unknownProducts().name().toLowerCase(Locale.ROOT));
        unknown.put(
                "rows_quarantined",
                built.rejected().stream()
                        .filter(r -> r.reason() == RejectReason.UNKNOWN_PRODUCT)
                        .count());
        unknown.put("rows_kept", built.unknownProductRowsKept());
        unknown.put("products_kept", built.unknownProductsKept());
        m.put("unknown_products", unknown);
        if (fallback != null) {
            m.put("full_rebuild_reason", fallback);
        }
        if (catalog != null) {
            long missing = s.table().itemIds.stream()
                    .filter(i -> !catalog.productIds().contains(i))
                    .count();
            m.put("catalog_products", catalog.productIds().size());
            m.put("items_without_product", missing);
        }
        m.put(
                "matrix_shape",
                List.of(s.trainableUsers().length, s.table().itemIds.size()));
        RefreshEngine.EventsTaken e = built.events();
        if (e.watermark() != null) {
            m.put(EVENTS_WATERMARK, e.watermark());
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("from_watermark", e.from());
            ev.put("read", e.read());
            ev.put("taken", e.accepted());
            ev.put("rejected", e.rejectedRows().size());
            ev.put("rejected_by_reason", byReason(e.rejectedRows()));
            m.put("events", ev);
        }
        return m;
    }

    private static Map<String, Long> byReason(List<RejectedRow> rows) {
        Map<String, Long> m = new java.util.TreeMap<>();
        rows.forEach(r -> m.merge(r.reason().name(), 1L, Long::sum));
        return m;
    }

    private static Map<String, Object> summary(RefreshEngine.Built b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", b.mode().name().toLowerCase(Locale.ROOT));
        m.put("interactions", b.snapshot().table().size());
        m.put("trainable_users", b.snapshot().trainableUsers().length);
        m.put("items", b.snapshot().table().itemIds.size());
        if (b.events().watermark() != null) {
            // in the database too: the cleanup deletes only events below the current snapshot's watermark
            m.put(EVENTS_WATERMARK, b.events().watermark());
        }
        return m;
    }

    private static Map<String, Object> metrics(RefreshEngine.Built b) {
        Snapshot s = b.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows_read", b.rowsRead());
        m.put("rows_rejected", b.rejected().size());
        m.put("rejected_share", b.rejectedShare());
        m.put("rows_duplicate", b.duplicates().size());
        m.put(
                "rows_unknown_product_quarantined",
                b.rejected().stream()
                        .filter(r -> r.reason() == RejectReason.UNKNOWN_PRODUCT)
                        .count());
        m.put("rows_unknown_product_kept", b.unknownProductRowsKept());
        m.put("interactions", s.table().size());
        m.put("users", s.table().userIds.size());
        m.put("items", s.table().itemIds.size());
        m.put("trainable_users", s.trainableUsers().length);
        m.put("cold_start_users", s.coldStartUsers().size());
        m.put("train_cells", s.confidence().nnz());
        m.put("test_interactions", s.testItem().length);
        m.put("sparsity", s.confidence().sparsity());
        return m;
    }
}
