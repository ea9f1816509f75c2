package io.recsys.monitor.drift;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Weekly drift detection between the baseline and the current data snapshot (see
 * {@link DriftDetector}). The first run makes the current snapshot the baseline;
 * {@code --update-baseline} replaces it after comparing. Writes the report under
 * {@code reports/drift/} (JSON per run, plus {@code drift_summary.md}) and to Postgres with a "should
 * retrain" verdict, and alerts (WARNING) on high-severity drift, as the seed does.
 */
@ApplicationScoped
public class DriftStage implements Stage {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DriftStage.class);
    public static final String NAME = "drift-detection";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ArtifactRegistry artifacts;
    private final ArtifactStore store;
    private final DriftDetector detector;
    private final DriftStore drift;
    private final AlertService alerts;

    public DriftStage(ArtifactRegistry artifacts, ArtifactStore store, DriftDetector detector, DriftStore drift,
                      AlertService alerts) {
        this.artifacts = artifacts;
        this.store = store;
        this.detector = detector;
        this.drift = drift;
        this.alerts = alerts;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Not yet: it writes its report and may move the baseline whatever the option says. */
    @Override
    public boolean supportsDryRun() {
        return false;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.flag("update-baseline", "make the current snapshot the new baseline after comparing"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        ArtifactRecord current = artifacts.resolve("data-snapshot", "current").orElseThrow(() ->
                new StageFailure("no current data snapshot: run the data refresh first"));
        Path dir = Path.of(current.path());
        store.verify(dir);
        List<String> itemIds = itemIds(dir);
        DataSummary now = DataSummary.of(dir, current.id(), itemIds, Long.MIN_VALUE);
        Map<String, Object> inputs = Map.of("data_snapshot", current.id());
        Optional<DataSummary> baseline = drift.baseline();
        if (baseline.isEmpty()) {
            drift.saveBaseline(now);
            return StageResult.succeeded("baseline created from snapshot " + current.id() + " (" + now.interactions()
                    + " interactions)", inputs, Map.of("baseline", current.id()), Map.of());
        }
        DataSummary base = baseline.get();
        DataSummary recent = DataSummary.of(dir, current.id(), itemIds, base.lastTimestamp());
        DriftDetector.Result result = detector.compare(base, now, recent);

        Instant at = Instant.now();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generated_at", at.toString());
        report.put("baseline_snapshot", base.snapshotId());
        report.put("current_snapshot", current.id());
        report.putAll(result.report());
        Path file = ctx.home().resolve("reports/drift/drift_report_" + STAMP.format(at) + ".json");
        AtomicFiles.write(file, JSON.writeValueAsBytes(report));
        drift.saveReport(at, ctx.runId(), base.snapshotId(), current.id(), result.severity(), result.shouldRetrain(),
                report);
        // The seed alerts on high severity only; medium drift still asks training to retrain, quietly.
        if (result.severity() == DriftSeverity.HIGH) {
            alerts.send(new Alert(Severity.WARNING, NAME, "Data drift detected (" + result.severity().name().toLowerCase()
                    + ")", "Snapshot " + current.id() + " against baseline " + base.snapshotId() + ": "
                    + String.join("; ", result.recommendations()) + ". Report: " + file));
        }
        Path summary = ctx.home().resolve("reports/drift/drift_summary.md");
        try {
            AtomicFiles.write(summary, DriftSummary.markdown(report, drift.recent(12))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (Exception e) { // the report and the alert are out; a summary that failed must not fail the run
            LOG.warnf("drift summary not written: %s", e.toString());
        }
        boolean updated = ctx.options().flag("update-baseline");
        if (updated) {
            drift.saveBaseline(now);
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("severity", result.severity().name().toLowerCase());
        outputs.put("drift_detected", result.severity().isDrift());
        outputs.put("should_retrain", result.shouldRetrain());
        outputs.put("report", file.toString());
        outputs.put("summary", summary.toString());
        if (updated) {
            outputs.put("baseline", current.id());
        }
        return StageResult.succeeded((result.severity().isDrift() ? "drift detected (" : "no drift (")
                + result.severity().name().toLowerCase() + ") against baseline " + base.snapshotId()
                + (updated ? "; baseline updated" : ""), inputs, outputs, Map.of());
    }

    private static List<String> itemIds(Path dir) throws Exception {
        Map<String, Object> mappings = new ObjectMapper().readValue(dir.resolve("mappings.json").toFile(),
                new TypeReference<Map<String, Object>>() {
                });
        @SuppressWarnings("unchecked")
        List<String> items = (List<String>) mappings.get("item_ids");
        return items;
    }
}
