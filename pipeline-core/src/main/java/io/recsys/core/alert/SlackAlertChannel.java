package io.recsys.core.alert;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/** Posts to a Slack-compatible incoming webhook: {"text": ..., "channel": ...}, emoji by severity. */
@ApplicationScoped
public class SlackAlertChannel implements AlertChannel {
    private final PipelineConfig.Slack config;
    private final ObjectMapper json;
    private final HttpClient http;

    public SlackAlertChannel(PipelineConfig config, ObjectMapper json) {
        this.config = config.alerts().slack();
        this.json = json;
        this.http =
                HttpClient.newBuilder().connectTimeout(this.config.timeout()).build();
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SLACK;
    }

    @Override
    public boolean configured() {
        return config.webhookUrl().isPresent();
    }

    @Override
    public void send(Alert alert) throws IOException, InterruptedException {
        String emoji = switch (alert.severity()) {
            case INFO -> ":information_source:";
            case WARNING -> ":warning:";
            case CRITICAL -> ":rotating_light:";
        };
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("text", emoji + " *" + alert.severity() + "* " + alert.subject() + "\n" + alert.message());
        payload.put("channel", config.channel());
        HttpRequest request = HttpRequest.newBuilder(config.webhookUrl().orElseThrow())
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(payload)))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook answered HTTP " + response.statusCode() + ": " + response.body());
        }
    }
}
