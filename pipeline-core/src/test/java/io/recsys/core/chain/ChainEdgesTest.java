package io.recsys.core.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.testing.ConfigProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainEdgesTest {

    private static ChainEdge edge(String name, String from, ChainSignal on, String to, boolean enabled) {
        return new ChainEdge(name, from, on, to, enabled, Duration.ZERO);
    }

    private static final List<ChainEdge> PIPELINE = List.of(
            edge("refresh-drift", "data-refresh", ChainSignal.SNAPSHOT_PUBLISHED, "drift-detection", true),
            edge("drift-training", "drift-detection", ChainSignal.RETRAIN_ADVISED, "training", true),
            edge("health-training", "health-check", ChainSignal.RETRAIN_REQUESTED, "training", false),
            edge("training-deployment", "training", ChainSignal.CHAMPION_REGISTERED, "deployment", true),
            edge("deployment-health", "deployment", ChainSignal.MODEL_DEPLOYED, "health-check", true));

    @Test
    void anAcyclicTableIsAccepted() {
        assertThat(new ChainEdges(PIPELINE).problem()).isEmpty();
    }

    @Test
    void switchingOnAnEdgeThatClosesACycleIsRefusedWithTheCycleSpelledOut() {
        List<ChainEdge> edges = new ArrayList<>(PIPELINE);
        edges.set(2, edge("health-training", "health-check", ChainSignal.RETRAIN_REQUESTED, "training", true));
        assertThat(new ChainEdges(edges).problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("recsys.chain.edges form a cycle: ")
                        .contains("training [training-deployment] -> deployment [deployment-health] -> health-check"
                                + " [health-training] -> training")
                        .contains("enabled=false"));
    }

    @Test
    void unknownStagesAndAnEdgeToItsOwnStageAreRefused() {
        assertThat(new ChainEdges(
                                List.of(edge("typo", "data-refesh", ChainSignal.SNAPSHOT_PUBLISHED, "training", true)))
                        .problem())
                .hasValueSatisfying(p -> assertThat(p).contains("recsys.chain.edges.typo names 'data-refesh'"));
        assertThat(new ChainEdges(List.of(edge("self", "training", ChainSignal.CHAMPION_REGISTERED, "training", true)))
                        .problem())
                .hasValueSatisfying(
                        p -> assertThat(p).contains("recsys.chain.edges.self starts its own stage training"));
    }

    @Test
    void onlyEdgesThatAreOnAndMatchTheOutcomeFire() {
        ChainEdges edges = new ChainEdges(PIPELINE);
        assertThat(edges.firing("drift-detection", Set.of(ChainSignal.RETRAIN_ADVISED)))
                .extracting(ChainEdge::to)
                .containsExactly("training");
        assertThat(edges.firing("drift-detection", Set.of())).isEmpty();
        assertThat(edges.firing("health-check", Set.of(ChainSignal.RETRAIN_REQUESTED)))
                .as("off")
                .isEmpty();
    }

    @Test
    void anEdgeNamedWithoutItsStagesIsRefusedNamingTheKnownOnes() {
        Map<String, Object> known = Map.of(
                "from", Optional.of("drift-detection"),
                "outcome", Optional.of(ChainSignal.RETRAIN_ADVISED),
                "to", Optional.of("training"),
                "enabled", true,
                "coolDown", Duration.ofHours(12));
        // a typo in an override's name: only enabled was set
        Map<String, Object> typo = Map.of(
                "from", Optional.empty(),
                "outcome", Optional.empty(),
                "to", Optional.empty(),
                "enabled", false,
                "coolDown", Duration.ZERO);
        PipelineConfig config = ConfigProxy.of(
                PipelineConfig.class,
                Map.of(
                        "chain",
                        ConfigProxy.of(
                                PipelineConfig.Chain.class,
                                Map.of(
                                        "edges",
                                        Map.of(
                                                "drift-training",
                                                ConfigProxy.of(PipelineConfig.Chain.Edge.class, known),
                                                "drift-trainig",
                                                ConfigProxy.of(PipelineConfig.Chain.Edge.class, typo))))));
        ChainEdges edges = new ChainEdges(config);
        assertThat(edges.all()).extracting(ChainEdge::name).containsExactly("drift-training");
        assertThat(edges.problem())
                .hasValueSatisfying(p -> assertThat(p)
                        .contains("recsys.chain.edges.drift-trainig has no from and no outcome and no to")
                        .contains("[drift-training]"));
    }
}
