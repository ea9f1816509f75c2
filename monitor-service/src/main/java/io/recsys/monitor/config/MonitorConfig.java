package io.recsys.monitor.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.hibernate.validator.constraints.time.DurationMin;

/**
 * monitor.* — health thresholds, service alert rules, stage schedules, drift thresholds, online
 * metrics. Values no
 * comparison can use, and settings that would read as "delete everything", are refused at start-up
 * (exit 2, key named) by the annotations.
 */
@ConfigMapping(prefix = "monitor")
public interface MonitorConfig {

    Health health();

    Rules rules();

    Drift drift();

    Cleanup cleanup();

    Dashboard dashboard();

    Online online();

    /**
     * The schedule of each stage the monitor watches for missed runs (unix cron, five fields), e.g.
     * {@code monitor.schedules.data-refresh=0 2 * * *}. Defaults (application.properties): the
     * seed's schedules.
     */
    Map<String, String> schedules();

    /** The time zone the schedules are written in. */
    @WithDefault(io.recsys.core.config.PipelineConfig.DEFAULT_TIME_ZONE)
    String timeZone();

    /** How late a scheduled run may succeed before it counts as missed. */
    @WithDefault("3h")
    Duration missedRunGrace();

    interface Health {
        /** The current data snapshot may be this old before a warning. */
        @WithDefault("7d")
        Duration dataMaxAge();

        /** The current embedding set not confirmed current for longer than this is a warning (the seed's 7 days). */
        @WithDefault("7d")
        Duration embeddingsMaxAge();

        /** ... and for longer than this, critical (the seed's 30 days). */
        @WithDefault("30d")
        Duration embeddingsCriticalAge();

        /** The seed's retrain triggers the health check turns into retrain requests for training. */
        Retrain retrain();

        interface Retrain {
            /** Off: the ages are only health findings. */
            @WithDefault("true")
            boolean enabled();

            /** Training data not confirmed current for longer than this asks for a retrain (the seed's 30 days). */
            @WithDefault("30d")
            Duration dataAge();

            /** Product embeddings not confirmed current for longer than this ask for a retrain (the seed's 30 days). */
            @WithDefault("30d")
            Duration embeddingsAge();
        }

        /** The champion's Recall@10 below this is a warning. */
        @WithDefault("0.10")
        double minRecall();

        /** No training for longer than this is a warning (the seed's 30 days). */
        @WithDefault("30d")
        Duration modelMaxAge();

        /** A stage whose success rate over {@link #successWindow()} is below this is a warning. */
        @WithDefault("0.5")
        double minSuccessRate();

        @WithDefault("7d")
        Duration successWindow();

        /** RUNNING rows older than this are closed as abandoned. */
        @WithDefault("24h")
        Duration staleRunAfter();

        /** A replica is live when its heartbeat is younger than this. */
        @WithDefault("15s")
        Duration replicaFreshness();

        /**
         * A replica silent this long is gone for good (a killed pod never comes back under its name;
         * its replacement has a new one): its row is removed, so it stops warning and stops holding its
         * model against cleanup. Until then it is a warning.
         */
        @WithDefault("24h")
        Duration replicaForgetAfter();

        /** The same failing checks alert again only after this (the check itself runs hourly). */
        @WithDefault("6h")
        Duration alertRepeatAfter();

        /** Fewer live replicas than this is a warning (0: any number will do). */
        @WithDefault("0")
        int expectedReplicas();

        /** HTTP timeout when probing a replica. */
        @WithDefault("10s")
        Duration serviceTimeout();
    }

    /** The seed's service alert thresholds, over the per-minute aggregates of {@link #window()}. */
    interface Rules {
        @WithDefault("1h")
        Duration window();

        /** Mean latency above this (ms): warning. */
        @WithDefault("200")
        double highLatencyMs();

        /** Mean latency above this (ms): critical. */
        @WithDefault("500")
        double criticalLatencyMs();

        /** Share of requests that failed above this: critical. */
        @WithDefault("0.05")
        double errorRate();

        /** Share of popularity fallbacks above this: warning. */
        @WithDefault("0.3")
        double fallbackRate();
    }

    interface Drift {
        /** Largest change of one rating's share above this: drift (medium); above {@link #ratingHigh()}: high. */
        @WithDefault("0.1")
        double ratingThreshold();

        @WithDefault("0.2")
        double ratingHigh();

        /** How many top items the popularity comparison looks at. */
        @WithDefault("100")
        @Positive
        int topK();

        /** Jaccard similarity of the top items below this: popularity shift (high). */
        @WithDefault("0.8")
        double jaccardThreshold();

        /** PSI above this: moderate shift (medium); above {@link #psiHigh()}: large (high). */
        @WithDefault("0.1")
        double psiThreshold();

        @WithDefault("0.25")
        double psiHigh();

        /** Relative change of the interaction volume per window above this: drift (the seed's 0.2). */
        @WithDefault("0.2")
        double interactionThreshold();

        /** The recent window compared with the baseline, ending at the current snapshot's newest interaction. */
        @WithDefault("7d")
        @DurationMin(hours = 1)
        Duration recentWindow();

        /** When the baseline moves besides {@code --update-baseline}. */
        @WithDefault("after-retrain")
        io.recsys.monitor.drift.BaselinePolicy baselinePolicy();

        /** Kolmogorov–Smirnov p-value of the ratings below this: a significant change (the seed's 0.05). */
        @WithDefault("0.05")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        double ratingPValue();

        /** Spearman rank correlation of the top items' popularity below this: popularity shift (the seed's 0.8). */
        @WithDefault("0.8")
        double spearmanThreshold();

        /** Relative change of interactions per active user per window above this: drift (the seed's 0.2). */
        @WithDefault("0.2")
        double activityThreshold();
    }

    /** What the monthly cleanup keeps. */
    interface Cleanup {
        /** Log files under logs/ older than this go. */
        @WithDefault("30d")
        Duration logRetention();

        /** Error reports under errors/ older than this go. */
        @WithDefault("30d")
        Duration errorReportRetention();

        /** Health and drift report files under reports/ older than this go. */
        @WithDefault("90d")
        Duration reportRetention();

        /** Newest training checkpoints kept per model type. */
        @WithDefault("3")
        @PositiveOrZero
        int checkpointsPerType();

        /** Newest model versions whose files are kept per type (besides the protected ones). */
        @WithDefault("5")
        @PositiveOrZero
        int modelsPerType();

        /** Newest data snapshots kept (besides the referenced ones). */
        @WithDefault("5")
        @PositiveOrZero
        int snapshots();

        /** Newest product embedding sets kept (besides the current one). */
        @WithDefault("3")
        @PositiveOrZero
        int embeddingSets();

        /** Ledger rows (finished pipeline_runs, health_checks, drift_reports) older than this go. */
        @WithDefault("365d")
        Duration ledgerRetention();

        /** Per-minute serving aggregates older than this go. */
        @WithDefault("90d")
        Duration serviceHealthRetention();

        /**
         * Impressions (one row per answer of serving) older than this go: the largest table the
         * system writes, read for click attribution and the online metrics of recent days.
         */
        @WithDefault("30d")
        @DurationMin
        Duration impressionsRetention();

        /**
         * Shoppers' events received longer ago than this go, once the current data snapshot holds
         * them (never one a refresh has not taken in): the window of behaviour a full rebuild sees.
         */
        @WithDefault("365d")
        @DurationMin
        Duration eventsRetention();

        /**
         * {@code alert_log} rows older than this go. The seed's alert history is
         * {@code logs/service/alerts.log}, under its 30-day log retention. Must cover the windows that
         * read the log ({@code recsys.alerts.dedup-window}, {@code monitor.health.alert-repeat-after}).
         */
        @WithDefault("30d")
        @DurationMin
        Duration alertLogRetention();

        /**
         * Newest deployments kept per alias (the seed's history keeps the last 100); the rows the alias,
         * the last successful deployment and the rollback target depend on always stay.
         */
        @WithDefault("100")
        @PositiveOrZero
        int deploymentsKept();

        /** Where data-service keeps the raw files and {@code backups/} ({@code data.raw-dir}); default {@code <recsys.home>/raw}. */
        Optional<Path> rawDir();

        /** Where data-service finds staging batches and {@code archived/} ({@code data.staging-dir}); default {@code <recsys.home>/staging}. */
        Optional<Path> stagingDir();

        /** Newest raw-file backups kept per raw file (the seed keeps 5 backups). */
        @WithDefault("5")
        @PositiveOrZero
        int rawBackupsKept();

        /** Backups younger than this are kept too; the seed keeps by count alone (0). */
        @WithDefault("0s")
        @DurationMin
        Duration rawBackupRetention();

        /** Newest archived staging batches kept (their rows are in the raw file and its backups). */
        @WithDefault("5")
        @PositiveOrZero
        int stagingArchiveKept();

        /** Archived batches younger than this are kept too (the seed's 30-day log retention). */
        @WithDefault("30d")
        @DurationMin
        Duration stagingArchiveRetention();

        /** Newest quarantine files kept. */
        @WithDefault("5")
        @PositiveOrZero
        int quarantineKept();

        /** Quarantine files younger than this are kept too (the seed's 30-day log retention). */
        @WithDefault("30d")
        @DurationMin
        Duration quarantineRetention();
    }

    /** The built-in dashboard (/dashboard/). */
    interface Dashboard {
        /** How far back the service-health tab draws the replicas' per-minute aggregates. */
        @WithDefault("24h")
        Duration serviceWindow();

        /** Registry state changes listed on the model-info tab (newest first). */
        @WithDefault("200")
        int registryChanges();

        /** How many days back the online tab draws the online metrics. */
        @WithDefault("30")
        @Positive
        int onlineDays();

        /** The canary's alias (deploy.canary.alias): shown beside production, its moves in the history. */
        @WithDefault("canary")
        String canaryAlias();
    }

    /** The online-metrics stage: attribution, the days it recomputes, the seed's CTR retrain trigger. */
    interface Online {
        /** A click, add-to-cart or purchase counts for an impression it follows by at most this much. */
        @WithDefault("30m")
        @DurationMin(seconds = 1)
        Duration attributionWindow();

        /**
         * Days recomputed by each run, today included (2: yesterday's events that arrived late are
         * counted). Days are calendar days in {@code monitor.time-zone}.
         */
        @WithDefault("2")
        @Positive
        int days();

        /** The recent window of the CTR trigger, in whole days (today included). */
        @WithDefault("7d")
        @DurationMin(days = 1)
        Duration ctrWindow();

        /** A relative CTR drop of the production model beyond this against its own first week asks for a retrain. */
        @WithDefault("0.10")
        @DecimalMin(value = "0", inclusive = false)
        @DecimalMax(value = "1", inclusive = false)
        double ctrDrop();

        /** Each of the two windows needs at least this many impressions before the trigger compares them. */
        @WithDefault("1000")
        @Positive
        long minImpressions();
    }
}
