package io.recsys.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.runner.OptionParser;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.testing.TestStages;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionParserTest {
    private static final List<StageOption> DECLARED =
            List.of(StageOption.flag("force-full", "full rebuild"), StageOption.value("raw-dir", "input folder"));

    @Test
    void parsesFlagsValuesAndBothValueSpellings() throws InvalidInvocationException {
        StageOptions o =
                OptionParser.parse(List.of("--force", "--force-full", "--raw-dir", "/data", "--dry-run"), DECLARED);
        assertThat(o.force()).isTrue();
        assertThat(o.dryRun()).isTrue();
        assertThat(o.flag("force-full")).isTrue();
        assertThat(o.value("raw-dir")).contains("/data");
        assertThat(OptionParser.parse(List.of("--raw-dir=/x"), DECLARED).value("raw-dir"))
                .contains("/x");
    }

    @Test
    void rejectsUnknownOptionsMissingValuesAndStrayArguments() {
        assertThatThrownBy(() -> OptionParser.parse(List.of("--colour"), DECLARED))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("unknown option --colour");
        assertThatThrownBy(() -> OptionParser.parse(List.of("--raw-dir"), DECLARED))
                .hasMessageContaining("--raw-dir needs a value");
        assertThatThrownBy(() -> OptionParser.parse(List.of("now"), DECLARED))
                .hasMessageContaining("unexpected argument 'now'");
        assertThatThrownBy(() -> OptionParser.parse(List.of("--force-full=yes"), DECLARED))
                .hasMessageContaining("is a flag");
    }

    @Test
    void aParentRunIsARunIdInEitherSpelling() throws InvalidInvocationException {
        java.util.UUID parent = java.util.UUID.randomUUID();
        assertThat(OptionParser.parse(List.of("--parent-run", parent.toString()), DECLARED)
                        .parentRunId())
                .contains(parent);
        assertThat(OptionParser.parse(List.of("--parent-run=" + parent, "--force"), DECLARED)
                        .parentRunId())
                .contains(parent);
        assertThat(OptionParser.parse(List.of("--force"), DECLARED).parentRunId())
                .isEmpty();
        assertThatThrownBy(() -> OptionParser.parse(List.of("--parent-run", "yesterday"), DECLARED))
                .hasMessageContaining("not a run id: 'yesterday'");
        assertThatThrownBy(() -> OptionParser.parse(List.of("--parent-run"), DECLARED))
                .hasMessageContaining("--parent-run needs a run id");
    }

    @Test
    void aDryRunIsRefusedForAStageThatDoesNotDeclareOne() throws InvalidInvocationException {
        assertThatThrownBy(() -> OptionParser.parse(List.of("--dry-run"), new TestStages.FlakyStage()))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("flaky does not support --dry-run");
        assertThatThrownBy(() -> OptionParser.fromMap(false, true, java.util.Map.of(), new TestStages.FlakyStage()))
                .isInstanceOf(InvalidInvocationException.class);
        assertThat(OptionParser.parse(List.of("--dry-run"), new TestStages.EchoStage())
                        .dryRun())
                .isTrue();
        assertThat(OptionParser.parse(List.of("--force"), new TestStages.FlakyStage())
                        .force())
                .isTrue();
    }

    @Test
    void findsTheStageName() throws InvalidInvocationException {
        assertThat(OptionParser.stageName(List.of("--force", "--stage", "drift")))
                .isEqualTo("drift");
        assertThat(OptionParser.stageName(List.of("--stage=health"))).isEqualTo("health");
        assertThat(OptionParser.stageName(List.of("--force"))).isNull();
    }
}
