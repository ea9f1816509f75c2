package io.recsys.core.testing;

import io.recsys.core.chain.ChainSignal;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageContext;
import io.recsys.core.stage.StageFailure;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageResult;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stand-ins named like the pipeline's stages, so the chain tests run on the real default edge table:
 * each succeeds with the outcomes given in {@code --signal a,b}, or skips ({@code --skip}) or fails
 * ({@code --fail}).
 */
public final class ChainStages {
    private ChainStages() {}

    public abstract static class Signalling implements Stage {
        @Override
        public boolean supportsDryRun() {
            return true;
        }

        @Override
        public List<StageOption> options() {
            return List.of(
                    StageOption.value("signal", "outcomes to report, comma-separated (snapshot-published, ...)"),
                    StageOption.flag("fail", "fail as a quality gate would"),
                    StageOption.flag("skip", "report SKIPPED (inputs unchanged), with the outcomes all the same"));
        }

        @Override
        public StageResult execute(StageContext ctx) throws StageFailure {
            if (ctx.options().flag("fail")) {
                throw new StageFailure(name() + " said no", List.of("a detail"));
            }
            StageResult result = ctx.options().flag("skip")
                    ? StageResult.skipped(name() + ": inputs unchanged", Map.of())
                    : StageResult.succeeded(name() + " done", Map.of(), Map.of(), Map.of());
            for (String s : ctx.options().value("signal").orElse("").split(",")) {
                if (!s.isBlank()) {
                    result = result.signalling(ChainSignal.valueOf(
                            s.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
                }
            }
            return result;
        }
    }

    @Singleton
    public static class DataRefresh extends Signalling {
        @Override
        public String name() {
            return "data-refresh";
        }
    }

    @Singleton
    public static class DriftDetection extends Signalling {
        @Override
        public String name() {
            return "drift-detection";
        }
    }

    @Singleton
    public static class Training extends Signalling {
        @Override
        public String name() {
            return "training";
        }
    }

    @Singleton
    public static class Deployment extends Signalling {
        @Override
        public String name() {
            return "deployment";
        }
    }

    @Singleton
    public static class HealthCheck extends Signalling {
        @Override
        public String name() {
            return "health-check";
        }
    }
}
