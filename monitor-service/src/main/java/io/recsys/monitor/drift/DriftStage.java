package io.recsys.monitor.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.artifact.ArtifactKind;
import io.recsys.core.artifact.ArtifactRecord;
import io.recsys.core.artifact.ArtifactRegistry;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Weekly drift detection: the current snapshot's recent window against the baseline (see
 * {@link DriftDetector}). The first run makes the current snapshot the baseline; under
 * {@link BaselinePolicy#AFTER_RETRAIN} the baseline rolls to the snapshot the newest model was
 * trained on before comparing; {@code --update-baseline} makes the current snapshot the baseline
 * after comparing. Writes the report under {@code reports/drift/} (JSON per run, plus
 * {@code drift_summary.md}) and to Postgres with a "should retrain" verdict, and alerts (WARNING,
 * the drift's severity in subject and body) on any drift, as the seed does. A dry run computes
 * the same comparison and reports what it would write, move and send, and does none of it.
 */
@ApplicationScoped
public class DriftStage implements Stage {
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(DriftStage.class);
    public static final String NAME = "drift-detection";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ArtifactRegistry artifacts;
    private final ArtifactStore store;
    private final DriftDetector detector;
    private final DriftStore drift;
    private final TrainedSnapshots trained;
    private final AlertService alerts;
    private final MonitorConfig.Drift config;

    public DriftStage(
            ArtifactRegistry artifacts,
            ArtifactStore store,
            DriftDetector detector,
            DriftStore drift,
            TrainedSnapshots trained,
            AlertService alerts,
            MonitorConfig config) {
        this.artifacts = artifacts;
        this.store = store;
        this.detector = detector;
        this.drift = drift;
        this.trained = trained;
        this.alerts = alerts;
        this.config = config.drift();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Yes: a dry run compares and reports; it writes no file, no row, moves no baseline, sends no alert. */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.flag("update-baseline", "make the current snapshot the new baseline after comparing"));
    }

    /** The baseline moving to the snapshot a model was trained on. */
    private record Roll(String from, DataSummary to, String modelId) {}

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        boolean dry = ctx.dryRun();
        ArtifactRecord current = artifacts
                .resolve(ArtifactKind.DATA_SNAPSHOT, ArtifactKind.CURRENT)
                .orElseThrow(() -> new StageFailure("no current data snapshot: run the data refresh first"));
        Path dir = Path.of(current.path());
        store.verify(dir);
        long window = config.recentWindow().toSeconds();
        DataSummary.Rows rows = DataSummary.Rows.read(dir, current.id());
        if (rows.timestamp().length == 0) {
            throw new StageFailure("snapshot " + current.id() + " has no interactions to compare");
        }
        DataSummary now = DataSummary.of(rows, Long.MIN_VALUE, window);
        DriftInputs onlySnapshot = DriftInputs.firstRun(current.id());
        Optional<DataSummary> baseline = drift.baseline();
        if (baseline.isEmpty()) {
            String what =
                    "baseline created from snapshot " + current.id() + " (" + now.interactions() + " interactions)";
            if (dry) {
                return StageResult.succeeded(
                        "dry run: no baseline yet; would create it from snapshot " + current.id() + " ("
                                + now.interactions() + " interactions); nothing written",
                        onlySnapshot.asLedgerMap(),
                        Map.of("dry_run", true, "would_set_baseline", current.id()),
                        Map.of());
            }
            drift.saveBaseline(now);
            return StageResult.succeeded(what, onlySnapshot.asLedgerMap(), Map.of("baseline", current.id()), Map.of());
        }
        List<String> notes = new ArrayList<>();
        Optional<Roll> roll = config.baselinePolicy() == BaselinePolicy.AFTER_RETRAIN
                ? rollTarget(baseline.get(), rows, window, notes)
                : Optional.empty();
        DataSummary base = roll.map(Roll::to).orElse(baseline.get());
        Map<String, Object> inputs = onlySnapshot.against(base.snapshotId()).asLedgerMap();
        if (roll.isPresent() && !dry) { // before comparing: the report names the baseline it used
            drift.saveBaseline(base);
        }

        long end = rows.lastTimestamp();
        boolean update = ctx.options().flag("update-baseline");
        if (end <= base.lastTimestamp() && !update) {
            // The baseline already holds the newest interaction (the model was just retrained on this very
            // data, or nothing arrived): comparing data with itself would only repeat last week's finding.
            Map<String, Object> outputs = new LinkedHashMap<>();
            outputs.put("severity", "none");
            outputs.put("drift_detected", false);
            outputs.put("should_retrain", false);
            outputs.put("baseline_compared", base.snapshotId());
            roll.ifPresent(
                    r -> outputs.put(dry ? "would_roll_baseline_to" : "baseline_rolled_to", r.to().snapshotId()));
            return StageResult.succeeded(
                    (dry ? "dry run: " : "") + "nothing to compare: no interaction is newer than"
                            + " the baseline (snapshot " + base.snapshotId() + ", through "
                            + Instant.ofEpochSecond(base.lastTimestamp()) + ")"
                            + roll.map(r -> "; baseline " + (dry ? "would roll" : "rolled") + " from " + r.from()
                                            + " (model " + r.modelId() + " trained on " + r.to().snapshotId() + ")")
                                    .orElse("")
                            + (dry ? "; nothing written" : ""),
                    inputs,
                    outputs,
                    Map.of());
        }
        DataSummary recent = DataSummary.of(rows, end - window, window);
        DriftDetector.Result result = detector.compare(base, recent);
        String severity = result.severity().name().toLowerCase(Locale.ROOT);

        Instant at = Instant.now();
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("generated_at", at.toString());
        report.put("baseline_snapshot", base.snapshotId());
        report.put("current_snapshot", current.id());
        report.put(
                "baseline_policy",
                config.baselinePolicy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        roll.ifPresent(r -> report.put(
                "baseline_rolled", Map.of("from", r.from(), "to", r.to().snapshotId(), "trained_model", r.modelId())));
        if (!notes.isEmpty()) {
            report.put("notes", notes);
        }
        Map<String, Object> w = new LinkedHashMap<>();
        String days = window % 86400 == 0 ? Long.toString(window / 86400) : Double.toString(window / 86400.0);
        w.put("days", window / 86400.0);
        w.put("from", Instant.ofEpochSecond(end - window).toString());
        w.put("to", Instant.ofEpochSecond(end).toString());
        w.put("interactions", recent.interactions());
        report.put("recent_window", w);
        report.putAll(result.report());
        Path file = ctx.home().resolve("reports/drift/drift_report_" + STAMP.format(at) + ".json");
        Alert alert = result.severity().isDrift()
                ? new Alert(
                        Severity.WARNING,
                        NAME,
                        "Data drift detected (" + severity + ")",
                        severityWord(result.severity()) + " data drift: snapshot "
                                + current.id() + " (its last " + days + " days) against baseline " + base.snapshotId()
                                + ": "
                                + String.join("; ", result.recommendations()) + ". Report: " + file)
                : null;

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("severity", severity);
        outputs.put("drift_detected", result.severity().isDrift());
        outputs.put("should_retrain", result.shouldRetrain());
        outputs.put("baseline_compared", base.snapshotId());
        if (!notes.isEmpty()) {
            outputs.put("notes", notes);
        }
        if (dry) {
            outputs.put("dry_run", true);
            roll.ifPresent(r -> outputs.put("would_roll_baseline_to", r.to().snapshotId()));
            outputs.put("would_write_report", file.toString());
            outputs.put("would_alert", alert == null ? "no" : alert.severity() + ": " + alert.subject());
            if (update) {
                outputs.put("would_set_baseline", current.id());
            }
            List<String> would = new ArrayList<>();
            roll.ifPresent(r -> would.add("roll the baseline from " + r.from() + " to " + r.to().snapshotId()
                    + " (model " + r.modelId() + " was trained on it)"));
            would.add("write the report");
            if (alert != null) {
                would.add("alert (" + alert.severity() + ", " + severity + " drift)");
            }
            if (update) {
                would.add("make snapshot " + current.id() + " the baseline");
            }
            return StageResult.succeeded(
                    "dry run: " + verdict(result, base) + "; would " + String.join(", ", would) + "; nothing written",
                    inputs,
                    outputs,
                    Map.of());
        }

        AtomicFiles.write(file, JSON.writeValueAsBytes(report));
        drift.saveReport(
                at, ctx.runId(), base.snapshotId(), current.id(), result.severity(), result.shouldRetrain(), report);
        if (alert != null) { // the seed alerts on any drift; the severity tells high from medium
            alerts.send(alert);
        }
        Path summary = ctx.home().resolve("reports/drift/drift_summary.md");
        try {
            AtomicFiles.write(
                    summary, DriftSummary.markdown(report, drift.recent(12)).getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) { // the report and the alert are out; a summary that failed must not fail the run
            LOG.warnf("drift summary not written: %s", e.toString());
        }
        if (update) {
            drift.saveBaseline(now);
        }
        outputs.put("report", file.toString());
        outputs.put("summary", summary.toString());
        roll.ifPresent(r -> outputs.put("baseline_rolled_to", r.to().snapshotId()));
        if (update || roll.isPresent()) {
            outputs.put("baseline", update ? current.id() : base.snapshotId());
        }
        return StageResult.succeeded(
                        verdict(result, base)
                                + roll.map(r -> "; baseline rolled from " + r.from() + " (model " + r.modelId()
                                                + " trained on " + r.to().snapshotId() + ")")
                                        .orElse("")
                                + (update ? "; baseline updated to " + current.id() : ""),
                        inputs,
                        outputs,
                        Map.of())
                .signallingIf(result.shouldRetrain(), ChainSignal.RETRAIN_ADVISED);
    }

    private static String verdict(DriftDetector.Result result, DataSummary base) {
        return (result.severity().isDrift() ? "drift detected (" : "no drift (")
                + result.severity().name().toLowerCase(Locale.ROOT) + ") against baseline " + base.snapshotId();
    }

    private static String severityWord(DriftSeverity s) {
        String n = s.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }

    /**
     * The after-retrain policy: the snapshot the newest model was trained on, when it was
     * published after the baseline's (a baseline whose snapshot is no longer registered is taken
     * to be older). A snapshot whose files are gone or damaged cannot be summarised: the baseline
     * stays and the report says why.
     */
    private Optional<Roll> rollTarget(
            DataSummary baseline, DataSummary.Rows currentRows, long window, List<String> notes) throws Exception {
        Optional<TrainedSnapshots.Trained> t = trained.newest();
        if (t.isEmpty() || t.get().snapshotId().equals(baseline.snapshotId())) {
            return Optional.empty();
        }
        Optional<Instant> basePublished = trained.publishedAt(baseline.snapshotId());
        if (basePublished.isPresent() && !t.get().publishedAt().isAfter(basePublished.get())) {
            return Optional.empty();
        }
        DataSummary.Rows rows;
        try {
            if (t.get().snapshotId().equals(currentRows.snapshotId())) {
                rows = currentRows;
            } else {
                Path dir = Path.of(t.get().path());
                store.verify(dir);
                rows = DataSummary.Rows.read(dir, t.get().snapshotId());
            }
        } catch (IOException e) {
            notes.add("baseline not rolled to " + t.get().snapshotId() + " (model "
                    + t.get().modelId() + " was trained on it): its files cannot be read: " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new Roll(
                baseline.snapshotId(),
                DataSummary.of(rows, Long.MIN_VALUE, window),
                t.get().modelId()));
    }
}
