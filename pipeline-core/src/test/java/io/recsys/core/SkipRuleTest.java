package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.recsys.core.ledger.PipelineRun;
import io.recsys.core.ledger.RunLedger;
import io.recsys.core.runner.RunOutcome;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.CachedStage;
import io.recsys.core.stage.RunStatus;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageInputs;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.StageResult;
import io.recsys.core.stage.Trigger;
import io.recsys.core.testing.AlertPeersResource;
import io.recsys.core.testing.EmbeddedPostgresResource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runner's one skip rule for a {@link CachedStage}: unchanged inputs skip, unless --force. */
@QuarkusTest
@QuarkusTestResource(EmbeddedPostgresResource.class)
@QuarkusTestResource(AlertPeersResource.class)
class SkipRuleTest {
    @Inject
    StageRunner runner;

    @Inject
    RunLedger ledger;

    @Inject
    CachingStage stage;

    @BeforeEach
    void reset() {
        stage.input = "v1";
        stage.builtFrom = Optional.of("v1");
        stage.valid = true;
        stage.executions.set(0);
    }

    @Test
    void unchangedInputsAreSkippedWithTheStagesMessageAndTheInputsRecorded() throws Exception {
        RunOutcome outcome = runner.run(stage, Trigger.CLI, StageOptions.none());

        assertThat(outcome.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(outcome.exitCode().code()).isZero();
        assertThat(outcome.message()).isEqualTo("output of v1 is current");
        assertThat(outcome.outputs()).isEmpty();
        assertThat(stage.executions).hasValue(0);
        PipelineRun row = ledger.find(outcome.runId()).orElseThrow();
        assertThat(row.status).isEqualTo(RunStatus.SKIPPED);
        assertThat(row.inputVersions).isEqualTo(Map.of("version", "v1"));
        assertThat(row.outputs).isEmpty();
        assertThat(row.metrics).isEmpty();
    }

    @Test
    void changedInputsNoOutputYetOrAnOutputTheStageRejectsExecute() throws Exception {
        stage.input = "v2";
        assertThat(runner.run(stage, Trigger.CLI, StageOptions.none()).message())
                .isEqualTo("built from v2");

        stage.builtFrom = Optional.empty();
        assertThat(runner.run(stage, Trigger.CLI, StageOptions.none()).status()).isEqualTo(RunStatus.SUCCEEDED);

        stage.valid = false; // e.g. the current artifact no longer verifies
        RunOutcome outcome = runner.run(stage, Trigger.CLI, StageOptions.none());
        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.outputs()).containsEntry("output", "o-v2");
        assertThat(ledger.find(outcome.runId()).orElseThrow().inputVersions).isEqualTo(Map.of("version", "v2"));
        assertThat(stage.executions).hasValue(3);
    }

    @Test
    void forceExecutesDespiteUnchangedInputs() throws Exception {
        RunOutcome outcome = runner.run(stage, Trigger.CLI, new StageOptions(true, false, Map.of()));

        assertThat(outcome.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(outcome.message()).isEqualTo("built from v1");
        assertThat(stage.executions).hasValue(1);
    }

    @Test
    void aDryRunTakesTheSameDecision() throws Exception {
        RunOutcome skipped = runner.run(stage, Trigger.CLI, new StageOptions(false, true, Map.of()));
        assertThat(skipped.status()).isEqualTo(RunStatus.SKIPPED);
        assertThat(skipped.message()).isEqualTo("dry run: would skip: output of v1 is current");
        assertThat(ledger.find(skipped.runId()).orElseThrow().dryRun).isTrue();

        stage.input = "v2";
        RunOutcome planned = runner.run(stage, Trigger.CLI, new StageOptions(false, true, Map.of()));
        assertThat(planned.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(planned.message()).isEqualTo("dry run: would build from v2");
        assertThat(stage.builtFrom).contains("v1");

        RunOutcome forced = runner.run(stage, Trigger.CLI, new StageOptions(true, true, Map.of()));
        assertThat(forced.message()).isEqualTo("dry run: would build from v2");
        assertThat(stage.executions).hasValue(2);
    }

    record Version(String version) implements StageInputs {
        @Override
        public Map<String, Object> asLedgerMap() {
            return Map.of("version", version);
        }
    }

    /** Builds an "output" from its one input version, and remembers which version the current one came from. */
    @Singleton
    static class CachingStage implements CachedStage<Version, String> {
        volatile String input;
        volatile Optional<String> builtFrom;
        volatile boolean valid;
        final AtomicInteger executions = new AtomicInteger();

        @Override
        public String name() {
            return "caching";
        }

        @Override
        public boolean supportsDryRun() {
            return true;
        }

        @Override
        public Optional<String> current(StageContext ctx) {
            return builtFrom;
        }

        @Override
        public Version inputs(StageContext ctx, Optional<String> current) {
            return new Version(input);
        }

        @Override
        public boolean unchanged(Version inputs, String current) {
            return inputs.version().equals(current);
        }

        @Override
        public boolean stillValid(StageContext ctx, Version inputs, String current) {
            return valid;
        }

        @Override
        public String skipMessage(StageContext ctx, Version inputs, String current) {
            return (ctx.dryRun() ? "dry run: would skip: " : "") + "output of " + current + " is current";
        }

        @Override
        public StageResult execute(StageContext ctx, Version inputs, Optional<String> current) {
            executions.incrementAndGet();
            if (ctx.dryRun()) {
                return StageResult.succeeded(
                        "dry run: would build from " + inputs.version(), inputs.asLedgerMap(), Map.of(), Map.of());
            }
            builtFrom = Optional.of(inputs.version());
            return StageResult.succeeded(
                    "built from " + inputs.version(),
                    inputs.asLedgerMap(),
                    Map.of("output", "o-" + inputs.version()),
                    Map.of("rows", 1));
        }
    }
}
