package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertOutcome;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.AlertmanagerAlertChannel;
import io.recsys.core.alert.ChannelKind;
import io.recsys.core.alert.EmailAlertChannel;
import io.recsys.core.alert.Severity;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.StageResult;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.AlertPeersResource;
import io.recsys.core.testing.HttpCapture;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Paging: CRITICAL alerts posted to a fake Alertmanager (a real HTTP server) in the v2 API's shape,
 * with the run id when raised inside a run; per-severity email recipients against GreenMail.
 */
@QuarkusTest
class AlertPagingTest {
    @Inject
    AlertService alerts;

    @Inject
    StageRunner runner;

    @Inject
    EmailAlertChannel email;

    @Inject
    MeterRegistry meters;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void reset() throws Exception {
        AlertPeersResource.smtp.purgeEmailFromAllMailboxes();
        AlertPeersResource.webhook.reset();
        AlertPeersResource.alertmanager.reset();
    }

    /** A stage that raises one alert and succeeds, handing back what the alert service did with it. */
    private Stage raising(Alert alert, AtomicReference<AlertOutcome> outcome) {
        return new Stage() {
            @Override
            public String name() {
                return "paging";
            }

            @Override
            public boolean supportsDryRun() {
                return false;
            }

            @Override
            public StageResult execute(StageContext ctx) {
                outcome.set(alerts.send(alert));
                return StageResult.succeeded("raised", Map.of(), Map.of(), Map.of());
            }
        };
    }

    private static Alert critical() {
        return new Alert(
                Severity.CRITICAL, "paging", "Model degradation", "Recall@10 fell by 12% " + UUID.randomUUID());
    }

    @Test
    void aCriticalAlertRaisedInARunPagesAlertmanagerWithItsLabelsAndRun() throws Exception {
        Alert alert = critical();
        AtomicReference<AlertOutcome> sent = new AtomicReference<>();
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RunOutcome run = runner.run(raising(alert, sent), Trigger.CLI, StageOptions.none());
        Instant after = Instant.now();

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(sent.get().delivered()).contains(ChannelKind.ALERTMANAGER);
        HttpCapture.Request request = AlertPeersResource.alertmanager.requests().stream()
                .filter(r -> r.body().contains(alert.message()))
                .findFirst()
                .orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).as("the v2 API under the configured prefix").isEqualTo("/am/api/v2/alerts");
        JsonNode body = json.readTree(request.body());
        assertThat(body.isArray()).isTrue();
        assertThat(body).hasSize(1);
        JsonNode a = body.get(0);
        assertThat(json.convertValue(a.get("labels"), Map.class))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "alertname",
                        "Model degradation",
                        "stage",
                        "paging",
                        "severity",
                        "critical",
                        "run",
                        run.runId().toString()));
        assertThat(json.convertValue(a.get("annotations"), Map.class))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("summary", "[CRITICAL] Model degradation", "description", alert.message()));
        assertThat(Instant.parse(a.get("startsAt").asText())).isBetween(before, after);
        assertThat(a.get("generatorURL").asText()).isEqualTo("http://monitor.test/dashboard/");
        assertThat(a.has("endsAt")).as("Alertmanager resolves it itself").isFalse();
    }

    @Test
    void outsideARunThereIsNoRunLabelAndWarningsDoNotPage() throws Exception {
        Alert alert = critical();
        assertThat(alerts.send(alert).delivered()).contains(ChannelKind.ALERTMANAGER);
        assertThat(alerts.send(new Alert(Severity.WARNING, "paging", "Slow", "p95 " + UUID.randomUUID()))
                        .delivered())
                .doesNotContain(ChannelKind.ALERTMANAGER);
        assertThat(AlertPeersResource.alertmanager.requests()).singleElement().satisfies(r -> {
            JsonNode labels = json.readTree(r.body()).get(0).get("labels");
            assertThat(labels.has("run")).isFalse();
            assertThat(labels.get("severity").asText()).isEqualTo("critical");
        });
    }

    @Test
    void aFailingAlertmanagerIsCountedAndTheStageStillSucceeds() throws Exception {
        AlertPeersResource.alertmanager.failWith(503);
        double before = meters.counter(MetricNames.ALERTS_FAILED, "channel", "alertmanager")
                .count();
        AtomicReference<AlertOutcome> sent = new AtomicReference<>();

        RunOutcome run = runner.run(raising(critical(), sent), Trigger.CLI, StageOptions.none());

        assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(run.exitCode().code()).isZero();
        assertThat(sent.get().failed()).containsOnlyKeys(ChannelKind.ALERTMANAGER);
        assertThat(sent.get().failed().get(ChannelKind.ALERTMANAGER)).contains("HTTP 503");
        assertThat(sent.get().delivered()).containsExactly(ChannelKind.LOG, ChannelKind.EMAIL, ChannelKind.SLACK);
        assertThat(meters.counter(MetricNames.ALERTS_FAILED, "channel", "alertmanager")
                        .count())
                .isEqualTo(before + 1);
    }

    @Test
    void theEndpointKeepsAPathPrefixAndRefusesANonHttpUrl() {
        assertThat(AlertmanagerAlertChannel.endpoint(URI.create("http://am:9093")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerAlertChannel.endpoint(URI.create("https://proxy/alertmanager/")))
                .isEqualTo(URI.create("https://proxy/alertmanager/api/v2/alerts"));
        assertThatThrownBy(() -> AlertmanagerAlertChannel.endpoint(URI.create("ftp://am/")))
                .hasMessageContaining("recsys.alerts.alertmanager.url")
                .hasMessageContaining("ftp://am/");
    }

    @Test
    void criticalMailGoesToItsOwnRecipientsAndOtherSeveritiesFallBackToTheGeneralList() throws Exception {
        assertThat(email.recipients(Severity.CRITICAL)).containsExactly("pager@example.com");
        assertThat(email.recipients(Severity.WARNING)).containsExactly("oncall@example.com", "team@example.com");
        assertThat(email.recipients(Severity.INFO)).containsExactly("oncall@example.com", "team@example.com");

        assertThat(alerts.send(critical()).delivered()).contains(ChannelKind.EMAIL);
        assertThat(AlertPeersResource.smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage[] critical = AlertPeersResource.smtp.getReceivedMessages();
        assertThat(critical).hasSize(1);
        assertThat(critical[0].getSubject()).isEqualTo("[CRITICAL] Model degradation");
        assertThat(Arrays.stream(critical[0].getAllRecipients()).map(Object::toString))
                .containsExactly("pager@example.com");

        AlertPeersResource.smtp.purgeEmailFromAllMailboxes();
        alerts.send(new Alert(Severity.WARNING, "paging", "Slow", "p95 " + UUID.randomUUID()));
        assertThat(AlertPeersResource.smtp.waitForIncomingEmail(5000, 2)).isTrue();
        assertThat(Arrays.stream(AlertPeersResource.smtp.getReceivedMessages()[0].getAllRecipients())
                        .map(Object::toString))
                .containsExactlyInAnyOrder("oncall@example.com", "team@example.com");
        assertThat(List.of(AlertPeersResource.smtp.getReceivedMessages()))
                .noneSatisfy(m -> assertThat(Arrays.stream(m.getAllRecipients()).map(Object::toString))
                        .contains("pager@example.com"));
    }
}
