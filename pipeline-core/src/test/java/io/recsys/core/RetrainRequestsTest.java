package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.retrain.RetrainReason;
import io.recsys.core.retrain.RetrainRequests;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Retrain requests on a real PostgreSQL: one open per reason, one per subject ever, consumed once. */
@QuarkusTest
class RetrainRequestsTest {
    @Inject
    RetrainRequests requests;

    @Test
    void anHourlyTriggerRecordsOneRequestPerReasonAndSubjectAndTrainingConsumesIt() throws Exception {
        // Requests other classes left open would hide ours: consume them first.
        requests.consume(
                requests.open().stream().map(RetrainRequests.Request::id).toList(), UUID.randomUUID());
        String snapshot = "snap-" + UUID.randomUUID();
        UUID healthRun = UUID.randomUUID();
        var first = requests.request(RetrainReason.DATA_AGE, snapshot, "40 days old", "health-check", healthRun);
        assertThat(first).isPresent();
        assertThat(first.get().consumedByRun()).isNull();
        assertThat(first.get().describe())
                .containsEntry("reason", "data_age")
                .containsEntry("subject", snapshot)
                .containsEntry("requested_by", "health-check run " + healthRun);
        // The next hourly check: same reason, still open → nothing new; another subject → still one open per reason.
        assertThat(requests.request(RetrainReason.DATA_AGE, snapshot, "41 days old", "health-check", null))
                .isEmpty();
        assertThat(requests.request(RetrainReason.DATA_AGE, "other-" + snapshot, "x", "health-check", null))
                .isEmpty();
        // Another reason is its own request.
        var embeddings =
                requests.request(RetrainReason.EMBEDDINGS_AGE, "emb-" + snapshot, "35 days", "health-check", null);
        assertThat(embeddings).isPresent();
        assertThat(requests.open())
                .extracting(RetrainRequests.Request::id)
                .containsExactly(first.get().id(), embeddings.get().id());

        UUID trainingRun = UUID.randomUUID();
        assertThat(requests.consume(List.of(first.get().id(), embeddings.get().id()), trainingRun))
                .isEqualTo(2);
        assertThat(requests.consume(List.of(first.get().id()), UUID.randomUUID()))
                .as("consumed once")
                .isZero();
        assertThat(requests.open()).isEmpty();
        // The snapshot that stays old does not ask again; a new one that grows old does.
        assertThat(requests.request(RetrainReason.DATA_AGE, snapshot, "48 days old", "health-check", null))
                .isEmpty();
        assertThat(requests.request(RetrainReason.DATA_AGE, "next-" + snapshot, "31 days old", "health-check", null))
                .isPresent();
    }
}
