package io.recsys.core.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.MDC;

/**
 * Pages on-call through Prometheus Alertmanager: posts the alert to its v2 API
 * ({@code POST <url>/api/v2/alerts}, a JSON array) with labels {@code alertname} (the subject),
 * {@code stage} (the source), {@code severity} (lower case, as Prometheus rules name it) and
 * {@code run} when the alert is raised inside a run (the runner's MDC key {@code run}); the
 * annotations carry summary and description. No endsAt: Alertmanager resolves it after its
 * {@code resolve_timeout}, and our own de-duplication decides when it is sent again.
 */
@ApplicationScoped
public class AlertmanagerAlertChannel implements AlertChannel {
    static final String API_PATH = "api/v2/alerts";

    private final PipelineConfig.Alertmanager config;
    private final ObjectMapper json;
    private final HttpClient http;

    public AlertmanagerAlertChannel(PipelineConfig config, ObjectMapper json) {
        this.config = config.alerts().alertmanager();
        this.json = json;
        this.http =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.ALERTMANAGER;
    }

    @Override
    public boolean configured() {
        return config.url().isPresent();
    }

    /** {@code <url>/api/v2/alerts}, keeping a path prefix (an Alertmanager behind a proxy at /alertmanager/). */
    public static URI endpoint(URI base) {
        String s = base.toString();
        if (!"http".equalsIgnoreCase(base.getScheme()) && !"https".equalsIgnoreCase(base.getScheme())) {
            throw new IllegalArgumentException(
                    "recsys.alerts.alertmanager.url must be an http(s) URL, got '" + s + "'");
        }
        return URI.create(s.endsWith("/") ? s : s + "/").resolve(API_PATH);
    }

    /** The request body: one alert in the v2 API's array. */
    List<Map<String, Object>> payload(Alert alert, Instant now) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", alert.subject());
        labels.put("stage", alert.source());
        labels.put("severity", alert.severity().name().toLowerCase(Locale.ROOT));
        Object run = MDC.get("run");
        if (run != null) {
            labels.put("run", run.toString());
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("summary", "[" + alert.severity() + "] " + alert.subject());
        annotations.put("description", alert.message());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("labels", labels);
        a.put("annotations", annotations);
        a.put("startsAt", now.truncatedTo(ChronoUnit.MILLIS).toString());
        config.generatorUrl().ifPresent(u -> a.put("generatorURL", u.toString()));
        return List.of(a);
    }

    @Override
    public void send(Alert alert) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint(config.url().orElseThrow()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload(alert, Instant.now()))))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Alertmanager answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
