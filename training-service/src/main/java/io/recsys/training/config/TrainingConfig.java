package io.recsys.training.config;

import io.recsys.math.als.ImplicitAls;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The training stage's settings; defaults are the seed's TRAINING_CONFIG. Closed sets are enums and
 * ranges are annotations, so a bad value stops start-up (exit 2, key named) instead of a run.
 */
@ConfigMapping(prefix = "training")
public interface TrainingConfig {

    /** One seed for every random choice of a run (factor init, validation split, sampling). */
    @WithDefault("42")
    long seed();

    /** Worker threads for the numeric kernels; default: all cores. */
    Optional<Integer> threads();

    Als als();

    Bpr bpr();

    Evaluation evaluation();

    EarlyStopping earlyStopping();

    Checkpoints checkpoints();

    WarmStart warmStart();

    Promotion promotion();

    ColdItems coldItems();

    /** Cold items start from their product-text embeddings (ALS, as in the seed). */
    interface ColdItems {
        @WithDefault("true")
        boolean enabled();

        /** Items with fewer train interactions than this are cold (the seed's 5). */
        @WithDefault("5")
        @PositiveOrZero
        int threshold();

        /** Power iterations of the principal-component projection. */
        @WithDefault("20")
        @Positive
        int powerIterations();
    }

    interface Als {
        @WithDefault("64")
        @Positive
        int factors();

        @WithDefault("0.1")
        @PositiveOrZero
        double regularization();

        @WithDefault("15")
        @PositiveOrZero
        int iterations();

        /** Confidence c = 1 + alpha · r, r = rating + comment quality. */
        @WithDefault("5")
        @PositiveOrZero
        double alpha();

        /** conjugate-gradient (fast, as implicit) or cholesky (exact). */
        @WithDefault("conjugate-gradient")
        ImplicitAls.Solver solver();

        @WithDefault("3")
        @Positive
        int cgSteps();

        /** Multiply λ by each row's number of observations (Spark MLlib's convention). */
        @WithDefault("false")
        boolean scaleRegularization();
    }

    interface Bpr {
        @WithDefault("64")
        @Positive
        int factors();

        @WithDefault("0.05")
        @Positive
        double learningRate();

        @WithDefault("0.0001")
        @PositiveOrZero
        double regularization();

        @WithDefault("50")
        @PositiveOrZero
        int epochs();

        /** Share of negatives drawn from the user's hard negatives (the seed's 30 %). */
        @WithDefault("0.3")
        @DecimalMin("0")
        @DecimalMax("1")
        double hardNegativeShare();
    }

    interface Evaluation {
        @WithDefault("5,10,20")
        List<Integer> kValues();

        /** recall, ndcg, precision or hr; with primary-k it names the metric every decision uses. */
        @WithDefault("recall")
        Metric primaryMetric();

        @WithDefault("10")
        @Positive
        int primaryK();
    }

    interface EarlyStopping {
        @WithDefault("true")
        boolean enabled();

        /** Evaluations without an improvement of more than min-delta before stopping. */
        @WithDefault("5")
        @PositiveOrZero
        int patience();

        @WithDefault("0.001")
        @PositiveOrZero
        double minDelta();

        /** Share of each user's train positives held out for validation. */
        @WithDefault("0.1")
        @DecimalMin("0")
        @DecimalMax(value = "1", inclusive = false)
        double validationShare();

        /** Evaluate every n ALS iterations. */
        @WithDefault("1")
        @Positive
        int alsEvery();

        /** Evaluate every n BPR epochs (the seed: 5). */
        @WithDefault("5")
        @Positive
        int bprEvery();
    }

    interface Checkpoints {
        /** Save factors every n iterations / epochs. */
        @WithDefault("5")
        @Positive
        int every();

        @WithDefault("3")
        @PositiveOrZero
        int keep();
    }

    interface WarmStart {
        /** Start from the champion's factors when it exists (new users and items start random). */
        @WithDefault("false")
        boolean enabled();

        /** ALS iterations when warm-started (the seed's warmstart_iters). */
        @WithDefault("5")
        @Positive
        int alsIterations();

        @WithDefault("10")
        @Positive
        int bprEpochs();
    }

    interface Promotion {
        /** A candidate must beat the popularity baseline's primary metric by at least this much. */
        @WithDefault("0.0")
        double minGainOverBaseline();

        /** ... and the current champion's (re-evaluated on the same test split) by at least this much. */
        @WithDefault("0.0")
        double minGainOverChampion();

        /**
         * The champion re-evaluated on new data scoring this share below the metric it was registered
         * with is a CRITICAL "model degradation" alert (the seed's 10 %).
         */
        @WithDefault("0.1")
        @DecimalMin("0")
        @DecimalMax("1")
        double degradationAlert();

        /** ... judged only when at least this many test users were evaluated (a small split is noise). */
        @WithDefault("100")
        @PositiveOrZero
        int degradationMinUsers();
    }

    /** The ranking metrics the evaluator reports, as {@code training.evaluation.primary-metric} names them. */
    enum Metric {
        RECALL,
        NDCG,
        PRECISION,
        HR;

        /** The evaluator's key for this metric at k, e.g. {@code recall@10}. */
        public String at(int k) {
            return name().toLowerCase(Locale.ROOT) + "@" + k;
        }
    }
}
