package io.recsys.monitor.health;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.Severity;
import io.recsys.monitor.config.MonitorConfig;
import io.recsys.core.artifact.AtomicFiles;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
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
 * records it for the dashboard, prints it with {@code --json}, and alerts on warning (WARNING) and
 * critical (CRITICAL). Checking is the stage's job, so the run itself succeeds whatever it finds;
 * the status is in its outputs.
 */
@ApplicationScoped
public class HealthCheckStage implements Stage {
    public static final String NAME = "health-check";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<HealthComponent, ComponentCheck> checks = new EnumMap<>(HealthComponent.class);
    private final AlertService alerts;
    private final MonitorConfig config;
    private final HealthHistory history;

    public HealthCheckStage(Instance<ComponentCheck> all, AlertService alerts, HealthHistory history,
                            MonitorConfig config) {
        this.config = config;
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

    /** Not yet: it records its report and sends alerts whatever the option says. */
    @Override
    public boolean supportsDryRun() {
        return false;
    }

    @Override
    public List<StageOption> options() {
        return List.of(StageOption.value("component", "service, data, models, pipelines or all (default all)"),
                StageOption.flag("json", "print the report as JSON"));
    }

    @Override
    public StageResult execute(StageContext ctx) throws Exception {
        List<HealthComponent> selected = select(ctx.options().value("component").orElse("all"));
        HealthReport report = check(selected);
        Map<String, Object> body = report.toMap();
        Path file = ctx.home().resolve("reports/health/health_" + STAMP.format(report.at()) + ".json");
        AtomicFiles.write(file, JSON.writeValueAsBytes(body));
        history.record(report, ctx.runId());
        if (ctx.options().flag("json")) {
            System.out.println(JSON.writeValueAsString(body));
        }
        HealthStatus overall = report.overall();
        if (overall != HealthStatus.HEALTHY) {
            Severity severity = overall == HealthStatus.CRITICAL ? Severity.CRITICAL : Severity.WARNING;
            // The same failing checks alert again only after repeat-after (hourly checks, not hourly mail).
            alerts.send(new Alert(severity, NAME, "Health check: " + overall.label(), String.join("\n",
                    report.problems()), report.problemKey()), config.health().alertRepeatAfter());
        }
        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("status", overall.label());
        outputs.put("report", file.toString());
        for (ComponentHealth c : report.components()) {
            outputs.put(c.component().label(), c.status().label());
        }
        List<String> problems = report.problems();
        return StageResult.succeeded("overall " + overall.label() + (problems.isEmpty() ? ""
                : ": " + String.join("; ", problems)), Map.of("components", selected.stream()
                .map(HealthComponent::label).toList()), outputs, Map.of("problems", problems.size()));
    }

    /** Runs the selected components; one that throws is critical (the check itself could not run). */
    public HealthReport check(List<HealthComponent> selected) {
        List<ComponentHealth> out = new ArrayList<>();
        for (HealthComponent c : selected) {
            List<Check> result;
            try {
                result = checks.get(c).run();
            } catch (Exception e) {
                result = List.of(Check.fail("check_failed", HealthStatus.CRITICAL, "the " + c.label()
                        + " check could not run: " + e));
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
            throw new InvalidInvocationException("--component must be service, data, models, pipelines or all, got '"
                    + value + "'");
        }
    }
}
