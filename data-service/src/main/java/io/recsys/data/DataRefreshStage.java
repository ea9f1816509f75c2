package io.recsys.data;

import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.Manifest;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.data.config.DataConfig;
import io.recsys.core.csv.InputFailure;
import io.recsys.data.input.ProductCatalog;
import io.recsys.data.input.RowBatch;
import io.recsys.data.snapshot.InteractionTable;
import io.recsys.data.snapshot.Snapshot;
import io.recsys.data.snapshot.SnapshotFiles;
import io.recsys.data.validate.SnapshotGate;
import io.recsys.data.staging.RawFileMerger;
import io.recsys.data.validate.Quarantine;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Daily data refresh: merge the staging batch, validate, score comments, split, build matrices and
 * stats, and publish an immutable snapshot recorded in Postgres as current. Small batches update
 * the current snapshot incrementally; everything else rebuilds in full. Unchanged inputs: SKIPPED.
 */
@ApplicationScoped
public class DataRefreshStage implements Stage {
    public static final String NAME = "data-refresh";
    public static final String KIND = "data-snapshot";
    public static final String CURRENT = "current";
    public static final String AREA = "snapshots";

    private static final Logger LOG = Logger.getLogger(DataRefreshStage.class);
    private static final DateTimeFormatter ID_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final DataConfig config;
    private final ArtifactStore store;
    private final ArtifactRegistry registry;

    public DataRefreshStage(DataConfig config, ArtifactStore store, ArtifactRegistry registry) {
        this.config = config;
        this.store = store;
        this.registry = registry;
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
        return List.of(StageOption.flag("force-full", "rebuild in full even for a small staging batch"),
                StageOption.flag("skip-merge", "ignore the staging batch this time"),
                StageOption.flag("accept-shrink", "publish even if the snapshot has far fewer interactions than the current one"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        RefreshInputs in = new RefreshInputs(config, ctx.home());
        RefreshEngine engine = new RefreshEngine(in);
        Instant now = Instant.now();
        if (!Files.isRegularFile(in.raw.file())) {
            throw new InputFailure(in.raw.fileName() + ": raw interactions not found at " + in.raw.file()
                    + " (data.raw-dir / data.interactions.file)");
        }
        String rawSha = ArtifactStore.sha256(in.raw.file());
        ProductCatalog catalog = null;
        String productsSha = "disabled";
        if (in.products != null) {
            if (!Files.isRegularFile(in.products.file())) {
                throw new InputFailure(in.products.fileName() + ": product catalogue not found at " + in.products.file()
                        + " (set data.products.enabled=false to run without one)");
            }
            productsSha = ArtifactStore.sha256(in.products.file());
            catalog = ProductCatalog.read(in.products, in.productIdColumn);
        }
        Map<String, Object> inputs = inputVersions(rawSha, productsSha, in.configFingerprint);
        Optional<ArtifactRecord> current = registry.resolve(KIND, CURRENT);
        boolean skipMerge = ctx.options().flag("skip-merge");
        boolean hasStaging = !skipMerge && Files.isRegularFile(in.staging.file());

        if (!hasStaging && current.isPresent() && !ctx.force() && inputs.equals(current.get().inputVersions())) {
            try {
                store.verify(Path.of(current.get().path()));
                return StageResult.skipped("inputs unchanged since snapshot " + current.get().id(), inputs);
            } catch (IOException e) {
                LOG.warnf("current snapshot %s fails verification (%s); rebuilding", current.get().id(), e.getMessage());
            }
        }

        RowBatch staging = hasStaging ? engine.readStaging(now) : null;
        if (staging != null) {
            LOG.infof("staging batch %s: %d rows, %d rejected", in.staging.file(), staging.rowsRead(),
                    staging.rejected.size());
        }
        RefreshEngine.Built built = null;
        String fallback = null;
        Map<String, Object> parentMeta;
        if (staging != null && current.isPresent() && !ctx.options().flag("force-full")) {
            fallback = incrementalBlocker(current.get(), inputs, staging);
            Path prevDir = Path.of(current.get().path());
            if (fallback == null) {
                try {
                    store.verify(prevDir);
                } catch (IOException e) {
                    fallback = "current snapshot " + current.get().id() + " fails verification (" + e.getMessage() + ")";
                }
            }
            if (fallback == null) {
                parentMeta = SnapshotFiles.readJson(prevDir.resolve(SnapshotFiles.METADATA));
                InteractionTable previous = SnapshotFiles.readTable(prevDir);
                RefreshEngine.Outcome outcome = engine.incremental(previous, intOf(parentMeta, "trainable_users"),
                        intOf(parentMeta, "pending_trainable_users"), staging);
                if (outcome instanceof RefreshEngine.Built b) {
                    built = b;
                } else {
                    fallback = ((RefreshEngine.Declined) outcome).reason();
                }
            }
        } else if (staging != null) {
            fallback = ctx.options().flag("force-full") ? "--force-full" : "no current snapshot";
        }
        if (fallback != null) {
            LOG.infof("full rebuild: %s", fallback);
        }
        if (built == null) {
            RowBatch raw = engine.readRaw(now);
            LOG.infof("loaded %d rows from %s (%d rejected)", raw.rowsRead(), in.raw.file(), raw.rejected.size());
            built = engine.full(raw, staging);
        }
        ctx.checkAlive();

        Snapshot snapshot = built.snapshot();
        Path quarantine = null;
        if (!built.rejected().isEmpty() && !ctx.dryRun()) {
            quarantine = ctx.home().resolve("quarantine").resolve(ID_STAMP.format(now) + "_" + ctx.runId() + ".csv");
            Quarantine.write(quarantine, built.rejected());
        }
        double maxShare = config.validation().maxRejectedShare();
        if (built.rejectedShare() > maxShare) {
            throw new StageFailure(String.format("%d of %d rows (%.1f%%) rejected, above the %.1f%% bound; nothing "
                            + "published%s", built.rejected().size(), built.rowsRead(), 100 * built.rejectedShare(),
                    100 * maxShare, quarantine == null ? "" : ". Rejected rows: " + quarantine),
                    Quarantine.worstOffences(built.rejected(), 5));
        }
        if (snapshot.trainableUsers().length == 0) {
            throw new StageFailure("no trainable users (none has " + config.features().minUserInteractions()
                    + " or more valid interactions); nothing published");
        }
        var v = config.validation();
        long previousInteractions = current.map(c -> c.summary().get("interactions"))
                .filter(Number.class::isInstance).map(n -> ((Number) n).longValue()).orElse(-1L);
        List<String> warnings = new SnapshotGate(v.minUsers(), v.minItems(), v.maxSparsity(), v.maxShrink()).check(
                snapshot.trainableUsers().length, snapshot.table().itemIds.size(), snapshot.table().size(),
                snapshot.confidence().sparsity(), previousInteractions, ctx.options().flag("accept-shrink"));
        warnings.forEach(w -> LOG.warn(w));
        String warned = warnings.isEmpty() ? "" : " (warning: " + String.join("; ", warnings) + ")";
        Map<String, Object> metrics = metrics(built);
        if (ctx.dryRun()) {
            return StageResult.succeeded("dry run: would publish a " + built.mode().name().toLowerCase() + " snapshot of "
                    + snapshot.table().size() + " interactions (" + built.rejected().size() + " rejected)", inputs,
                    Map.of("mode", built.mode().name().toLowerCase(), "dry_run", true), metrics);
        }

        Path merged = null;
        Map<String, Object> published = inputs;
        if (staging != null) {
            merged = RawFileMerger.writeMerged(in.raw, in.rawMergeColumns(), in.rawTimestamps, staging);
            published = inputVersions(ArtifactStore.sha256(merged), productsSha, in.configFingerprint);
        }
        try {
            String id = ID_STAMP.format(now) + "-" + ctx.runId().toString().substring(0, 8);
            Map<String, Object> metadata = metadata(id, built, published, current, catalog, fallback, ctx);
            Manifest manifest = store.publish(AREA, id, metadata,
                    dir -> SnapshotFiles.write(dir, snapshot, metadata));
            Path dir = store.area(AREA).resolve(id);
            ctx.checkAlive();
            registry.registerAndPoint(new ArtifactRecord(KIND, id, dir.toString(), store.manifestDigest(dir),
                    manifest.createdAt(), ctx.runId(), published, summary(built)), CURRENT);
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("snapshot_id", id);
            outputs.put("snapshot_path", dir.toString());
            outputs.put("mode", built.mode().name().toLowerCase());
            if (fallback != null && staging != null) {
                outputs.put("full_rebuild_reason", fallback);
            }
            if (quarantine != null) {
                outputs.put("quarantine", quarantine.toString());
            }
            if (merged != null) {
                outputs.put("raw_backup", RawFileMerger.commit(in.raw.file(), merged, now).toString());
                outputs.put("staging_archived", RawFileMerger.archive(in.staging.file(), now).toString());
                merged = null;
            }
            LOG.infof("snapshot %s published at %s: %d interactions, %d trainable users x %d items, sparsity %.4f", id,
                    dir, snapshot.table().size(), snapshot.trainableUsers().length, snapshot.table().itemIds.size(),
                    snapshot.confidence().sparsity());
            return StageResult.succeeded(built.mode().name().toLowerCase() + " refresh published snapshot " + id
                    + warned, published, outputs, metrics);
        } finally {
            if (merged != null) {
                Files.deleteIfExists(merged);
            }
        }
    }

    private String incrementalBlocker(ArtifactRecord current, Map<String, Object> inputs, RowBatch staging) {
        Map<String, Object> before = current.inputVersions();
        if (!Objects.equals(before.get("raw_interactions_sha256"), inputs.get("raw_interactions_sha256"))) {
            return "the raw interactions file changed since snapshot " + current.id();
        }
        if (!Objects.equals(before.get("config"), inputs.get("config"))) {
            return "the data configuration changed since snapshot " + current.id();
        }
        if (!Objects.equals(before.get("products_sha256"), inputs.get("products_sha256"))) {
            return "the product catalogue changed since snapshot " + current.id();
        }
        int max = config.incremental().maxBatch();
        if (staging.rowsRead() > max) {
            return "the staging batch has " + staging.rowsRead() + " rows, more than data.incremental.max-batch=" + max;
        }
        return null;
    }

    private static Map<String, Object> inputVersions(String rawSha, String productsSha, String config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("raw_interactions_sha256", rawSha);
        m.put("products_sha256", productsSha);
        m.put("config", config);
        return m;
    }

    private static int intOf(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.intValue() : 0;
    }

    private Map<String, Object> metadata(String id, RefreshEngine.Built built, Map<String, Object> inputs,
                                         Optional<ArtifactRecord> parent, ProductCatalog catalog, String fallback,
                                         StageContext ctx) {
        Snapshot s = built.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", id);
        m.put("mode", built.mode().name().toLowerCase());
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
        if (fallback != null) {
            m.put("full_rebuild_reason", fallback);
        }
        if (catalog != null) {
            long missing = s.table().itemIds.stream().filter(i -> !catalog.productIds().contains(i)).count();
            m.put("catalog_products", catalog.productIds().size());
            m.put("items_without_product", missing);
        }
        m.put("matrix_shape", List.of(s.trainableUsers().length, s.table().itemIds.size()));
        return m;
    }

    private static Map<String, Object> summary(RefreshEngine.Built b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mode", b.mode().name().toLowerCase());
        m.put("interactions", b.snapshot().table().size());
        m.put("trainable_users", b.snapshot().trainableUsers().length);
        m.put("items", b.snapshot().table().itemIds.size());
        return m;
    }

    private static Map<String, Object> metrics(RefreshEngine.Built b) {
        Snapshot s = b.snapshot();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows_read", b.rowsRead());
        m.put("rows_rejected", b.rejected().size());
        m.put("rejected_share", b.rejectedShare());
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
