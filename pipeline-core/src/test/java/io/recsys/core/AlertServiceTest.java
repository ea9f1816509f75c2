package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.alert.Alert;
import io.recsys.core.alert.AlertOutcome;
import io.recsys.core.alert.AlertService;
import io.recsys.core.alert.ChannelKind;
import io.recsys.core.alert.Severity;
import io.recsys.core.metrics.MetricNames;
import io.recsys.core.testing.AlertPeersResource;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AlertServiceTest {
    @Inject
    AlertService alerts;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void reset() throws Exception {
        AlertPeersResource.smtp.purgeEmailFromAllMailboxes();
        AlertPeersResource.webhook.reset();
        AlertPeersResource.alertmanager.reset();
    }

    private static Alert alert(Severity severity) {
        return new Alert(severity, "data-refresh", "Drift " + severity, "unique " + UUID.randomUUID());
    }

    @Test
    void infoGoesToTheLogOnly() {
        AlertOutcome outcome = alerts.send(alert(Severity.INFO));
        assertThat(outcome.delivered()).containsExactly(ChannelKind.LOG);
        assertThat(AlertPeersResource.smtp.getReceivedMessages()).isEmpty();
        assertThat(AlertPeersResource.webhook.requests()).isEmpty();
        assertThat(AlertPeersResource.alertmanager.requests()).isEmpty();
    }

    @Test
    void warningGoesToLogAndEmailWithTheSeverityInTheSubject() throws Exception {
        AlertOutcome outcome = alerts.send(alert(Severity.WARNING));
        assertThat(outcome.delivered()).containsExactly(ChannelKind.LOG, ChannelKind.EMAIL);
        assertThat(AlertPeersResource.smtp.waitForIncomingEmail(5000, 2)).isTrue();
        MimeMessage[] mails = AlertPeersResource.smtp.getReceivedMessages();
        assertThat(mails).hasSize(2); // one per recipient
        assertThat(mails[0].getSubject()).isEqualTo("[WARNING] Drift WARNING");
        assertThat(Arrays.stream(mails[0].getAllRecipients()).map(Object::toString))
                .containsExactlyInAnyOrder("oncall@example.com", "team@example.com");
        assertThat(AlertPeersResource.webhook.requests()).isEmpty();
        assertThat(AlertPeersResource.alertmanager.requests())
                .as("only CRITICAL pages")
                .isEmpty();
    }

    @Test
    void criticalGoesEverywhereIncludingTheWebhook() {
        AlertOutcome outcome = alerts.send(alert(Severity.CRITICAL));
        assertThat(outcome.delivered())
                .containsExactly(ChannelKind.LOG, ChannelKind.EMAIL, ChannelKind.SLACK, ChannelKind.ALERTMANAGER);
        assertThat(AlertPeersResource.webhook.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/slack/hook");
            assertThat(r.body())
                    .contains(":rotating_light:")
                    .contains("CRITICAL")
                    .contains("\"channel\":\"#ml-alerts\"");
        });
    }

    @Test
    void identicalAlertsInsideTheWindowAreSentOnce() {
        Alert a = alert(Severity.CRITICAL);
        assertThat(alerts.send(a).suppressed()).isFalse();
        AlertOutcome second = alerts.send(a);
        assertThat(second.suppressed()).isTrue();
        assertThat(second.delivered()).isEmpty();
        assertThat(AlertPeersResource.webhook.requests()).hasSize(1);
    }

    @Test
    void aFailingChannelIsCountedAndDoesNotStopTheOthers() {
        AlertPeersResource.webhook.failWith(500);
        double before =
                meters.counter(MetricNames.ALERTS_FAILED, "channel", "slack").count();
        AlertOutcome outcome = alerts.send(alert(Severity.CRITICAL));
        assertThat(outcome.failed()).containsOnlyKeys(ChannelKind.SLACK);
        assertThat(outcome.failed().get(ChannelKind.SLACK)).contains("HTTP 500");
        assertThat(outcome.delivered()).containsExactly(ChannelKind.LOG, ChannelKind.EMAIL, ChannelKind.ALERTMANAGER);
        assertThat(meters.counter(MetricNames.ALERTS_FAILED, "channel", "slack").count())
                .isEqualTo(before + 1);
    }

    @Test
    void aSendWhereAChannelFailedDoesNotSilenceTheNextAttempt() {
        Alert a = alert(Severity.CRITICAL);
        AlertPeersResource.webhook.failWith(500);
        assertThat(alerts.send(a).failed()).containsOnlyKeys(ChannelKind.SLACK);
        AlertPeersResource.webhook.reset();
        AlertOutcome retry = alerts.send(a);
        assertThat(retry.suppressed()).as("Slack never got it: try again").isFalse();
        assertThat(retry.delivered()).contains(ChannelKind.SLACK);
        assertThat(alerts.send(a).suppressed()).as("delivered everywhere now").isTrue();
    }

    @Test
    void aRepeatKeyMakesAlertsWithChangingNumbersOneAlert() {
        Alert first =
                new Alert(Severity.WARNING, "health-check", "Health check: warning", "data is 170 h old", "key-1");
        Alert later =
                new Alert(Severity.WARNING, "health-check", "Health check: warning", "data is 171 h old", "key-1");
        assertThat(first.fingerprint()).isEqualTo(later.fingerprint());
        assertThat(alerts.send(first).suppressed()).isFalse();
        assertThat(alerts.send(later, java.time.Duration.ofHours(6)).suppressed())
                .isTrue();
        assertThat(alerts.send(later, java.time.Duration.ZERO).suppressed())
                .as("past its repeat interval")
                .isFalse();
        assertThat(new Alert(Severity.WARNING, "health-check", "Health check: warning", "data is 171 h old")
                        .fingerprint())
                .as("without a key the body decides")
                .isNotEqualTo(first.fingerprint());
    }
}
