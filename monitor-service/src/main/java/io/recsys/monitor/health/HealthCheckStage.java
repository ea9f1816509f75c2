package io.recsys.monitor.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.chain.ChainSignal;
import io.recsys.core.retrain.RetrainRequests;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hourly health check of serving, data, models and pipelines ({@code --component} picks one),
 * overall status the worst component's. Writes the JSON report under {@code reports/health/},
 * records it for the dashboard, prints it with {@code --json}, alerts on warning (WARNING) and
 * critical (CRITICAL), and turns the seed's age-based retrain triggers into retrain requests. Checking is the stage's job, so the run itself succeeds whatever it finds;
 * the status is in its outputs.
 */
@ApplicationScoped
public class HealthCheckStage implements Stage {
    public static final String NAME = "health-check";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<HealthComponent, ComponentCheck> checks = new EnumMap<>(HealthComponent.class);
    private final AlertService alerts;
    private final MonitorConfig config;
    private final HealthHistory history;
    private final RetrainTriggers triggers;
    private final RetrainRequests requests;

    public HealthCheckStage(
            Instance<ComponentCheck> all,
            AlertService alerts,
            HealthHistory history,
            MonitorConfig config,
            RetrainTriggers triggers,
            RetrainRequests requests) {
        this.config = config;
        this.triggers = triggers;
        this.requests = requests;
        for (ComponentCheck c : all) {
            checks.put(c.component(), c);
        }
        this.alerts = alerts;
        this.history = history;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * A dry run computes every check and reports the status, the retrain requests it would make
     * and the stale runs it would close; it writes no report file, no {@code health_checks} row,
     * no retrain request, closes no run and sends no alert.
     */
    @Override
    public boolean supportsDryRun() {
        return true;
    }

    @Override
    public List<StageOption> options() {
        return List.of(
                StageOption.value("component", "service, data, models, pipelines or all (default all)"),
                StageOption.flag("json", "print the report as JSON"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        List<HealthComponent> selected = select(ctx.options().value("component").orElse("all"));
        boolean dryRun = ctx.dryRun();
        HealthReport report = check(selected, dryRun);
        Map<String, Object> body = report.toMap();
        // The run id in the name: two checks in one second (a manual one beside the hourly) keep both reports.
        Path file = ctx.home()
                .resolve("reports/health/health_" + STAMP.format(report.at()) + "_"
                        + ctx.runId().toString().substring(0, 8) + ".json");
        if (!dryRun) {
            AtomicFiles.write(file, JSON.writeValueAsBytes(body));
            history.record(report, ctx.runId());
        }
        if (ctx.options().flag("json")) {
            System.out.println(JSON.writeValueAsString(body));
        }
        HealthStatus overall = report.overall();
        if (overall != HealthStatus.HEALTHY) {
            Severity severity = overall == HealthStatus.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
            // The same failing checks alert again only after repeat-after (hourly checks, not hourly mail).
            // In a dry run the alert service only logs what it would send.
            alerts.send(
                    new Alert(
                            severity,
                            NAME,
                            "Health check: " + overall.label(),
                            String.join("\n", report.problems()),
                            report.problemKey()),
                    config.health().alertRepeatAfter());
        }
        List<String> retrain = selected.contains(HealthComponent.DATA) ? requestRetrain(ctx) : List.of();
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("status", overall.label());
        outputs.put(dryRun ? "report_not_written" : "report", file.toString());
        outputs.put(dryRun ? "would_request_retrain" : "retrain_requested", retrain);
        for (ComponentHealth c : report.components()) {
            outputs.put(c.component().label(), c.status().label());
        }
        List<String> problems = report.problems();
        String message = (dryRun ? "dry run: " : "") + "overall " + overall.label()
                + (problems.isEmpty() ? "" : ": " + String.join("; ", problems))
                + (retrain.isEmpty()
                        ? ""
                        : "; " + (dryRun ? "would ask" : "asked") + " training to retrain: "
                                + String.join("; ", retrain))
                + (dryRun ? "; nothing written" : "");
        return StageResult.succeeded(
                        message,
                        Map.of(
                                "components",
                                selected.stream().map(HealthComponent::label).toList()),
                        outputs,
                        Map.of("problems", problems.size()))
                .signallingIf(!dryRun && !retrain.isEmpty(), ChainSignal.RETRAIN_REQUESTED);
    }

    /**
     * Records a retrain request for each trigger that fired (one open per reason, one per artifact
     * ever: an hourly check does not pile them up); returns the ones recorded now, or in a dry run
     * every one that fired, recording none.
     */
    private List<String> requestRetrain(StageContext ctx) throws Exception {
        List<String> out = new ArrayList<>();
        for (RetrainTriggers.Fired f : triggers.evaluate()) {
            if (ctx.dryRun()) {
                out.add(f.reason().label() + ": " + f.detail());
                continue;
            }
            requests.request(f.reason(), f.subject(), f.detail(), NAME, ctx.runId())
                    .ifPresent(r -> out.add("#" + r.id() + " " + r.reason().label() + ": " + r.detail()));
        }
        return out;
    }

    /**
     * Runs the selected components; one that throws is critical (the check itself could not run).
     * A dry run repairs nothing (the stale-run sweep only counts).
     */
    public HealthReport check(List<HealthComponent> selected, boolean dryRun) {
        List<ComponentHealth> out = new ArrayList<>();
        for (HealthComponent c : selected) {
            List<Check> result;
            try {
                result = checks.get(c).run(dryRun);
            } catch (Exception e) {
                result = List.of(Check.fail(
                        "check_failed", HealthStatus.CRITICAL, "the " + c.label() + " check could not run: " + e));
            }
            out.add(new ComponentHealth(c, result));
        }
        return new HealthReport(Instant.now(), out);
    }

    static List<HealthComponent> select(String value) throws InvalidInvocationException {
        if (value.equalsIgnoreCase("all")) {
            return List.of(HealthComponent.values());
        }
        try {
            return List.of(HealthComponent.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new InvalidInvocationException(
                    "--component must be service, data, models, pipelines or all, got '" + value + "'");
        }
    }
}
