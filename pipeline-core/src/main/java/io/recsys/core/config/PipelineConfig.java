package io.recsys.core.config;

import io.recsys.core.alert.ChannelKind;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings shared by every stage service. Environment: RECSYS_HOME, RECSYS_API_TOKEN, ... */
@ConfigMapping(prefix = "recsys")
public interface PipelineConfig {

    /**
     * The one default time zone of every schedule: the CronJobs' (chart value {@code timeZone}), the
     * in-process schedule's, the monitor's missed-run rules' and the local runner's — the seed's shop.
     */
    String DEFAULT_TIME_ZONE = "Asia/Ho_Chi_Minh";

    /** Root of the shared artifact volume: raw/, staging/, snapshots/, errors/, ... */
    @WithDefault("recsys-home")
    Path home();

    /** Owner name written into leases and runs; defaults to host name + pid. */
    Optional<String> instanceId();

    /**
     * The stage {@code run-once} and {@code POST /api/v1/runs} run when they name none, for a
     * service with several (deploy-service: {@code deployment}, beside its {@code canary} stage).
     */
    Optional<String> defaultStage();

    /**
     * The commit of the running code, recorded in model cards and deployments (env
     * {@code RECSYS_GIT_COMMIT}, set by the image build); unset: {@code git rev-parse HEAD}, else "unknown".
     */
    Optional<String> gitCommit();

    Lease lease();

    Retry retry();

    /** Per-stage overrides, keyed by stage name (e.g. {@code recsys.stages.data-refresh.retry.max-retries}). */
    Map<String, StageSettings> stages();

    Api api();

    Alerts alerts();

    Metrics metrics();

    Schedule schedule();

    /** Stages chained on their outcomes: the edge table and how a downstream run is started. */
    Chain chain();

    /**
     * What a shopper's event says as an interaction: read by the data refresh (the snapshot's
     * confidence matrix) and by serving's fold-in (a fresh user's vector), which must agree.
     */
    Events events();

    interface Events {
        /** The rating a purchase event counts as (the seed's purchases are its reviews; 5 = a happy buyer). */
        @WithDefault("5")
        double purchaseRating();

        /** Implicit events, relative to a purchase (the seed's item-based trainer: purchase 1.0, view 0.3). */
        @WithDefault("0.3")
        @jakarta.validation.constraints.DecimalMin("0")
        @jakarta.validation.constraints.DecimalMax("1")
        double viewWeight();

        @WithDefault("0.5")
        @jakarta.validation.constraints.DecimalMin("0")
        @jakarta.validation.constraints.DecimalMax("1")
        double clickWeight();

        @WithDefault("0.7")
        @jakarta.validation.constraints.DecimalMin("0")
        @jakarta.validation.constraints.DecimalMax("1")
        double addToCartWeight();

        /** An implicit event's confidence is its weight times this (5: a weight of 1 counts as five stars). */
        @WithDefault("5")
        @jakarta.validation.constraints.Positive
        double implicitScale();

        /** Implicit events of at least this weight are positives (BPR, the binary matrix); below, only confidence. */
        @WithDefault("0.5")
        @jakarta.validation.constraints.DecimalMin("0")
        @jakarta.validation.constraints.DecimalMax("1")
        double positiveWeight();
    }

    /** In-process schedule, for running outside Kubernetes (where CronJobs schedule instead). */
    interface Schedule {
        /** Quartz-style cron, e.g. {@code 0 0 2 * * ?}; {@code off} disables it. */
        @WithDefault("off")
        String cron();

        /** Which stage to run when the service has several. */
        Optional<String> stage();

        @WithDefault(DEFAULT_TIME_ZONE)
        String timeZone();
    }

    interface Chain {
        /**
         * How a downstream run is started: {@code none} (every stage waits for its schedule),
         * {@code local} (pipeline-local starts the process) or {@code kubernetes} (a Job from the
         * stage's CronJob).
         */
        @WithDefault("none")
        io.recsys.core.chain.LauncherKind launcher();

        /** A chain stops after this many runs (the first included): no runaway, whatever the table says. */
        @WithDefault("8")
        @jakarta.validation.constraints.Min(1)
        int maxDepth();

        /**
         * The edge table, keyed by the edge's name ({@code recsys.chain.edges.drift-training.to=training}).
         * pipeline-core's defaults declare the pipeline's edges; a key can switch one off or change it.
         */
        Map<String, Edge> edges();

        /** Kubernetes launcher: which CronJob is each stage's template. */
        Kubernetes kubernetes();

        interface Edge {
            /** The stage whose finished run fires the edge (required: a name without it is refused at start-up). */
            Optional<String> from();

            /** The outcome that fires it ({@code snapshot-published}, {@code retrain-advised}, ...; required). */
            Optional<io.recsys.core.chain.ChainSignal> outcome();

            /** The stage started on its behalf (required). */
            Optional<String> to();

            @WithDefault("true")
            boolean enabled();

            /** A second start through this edge within this time is skipped (recorded COOLING_DOWN). */
            @WithDefault("0s")
            Duration coolDown();
        }

        interface Kubernetes {
            /** The namespace of the CronJobs; unset: the client's (the pod's own namespace in a cluster). */
            Optional<String> namespace();

            /** The CronJob to copy for each stage, keyed by stage name (the chart renders them). */
            Map<String, String> cronJobs();

            /** The container whose arguments get {@code --parent-run RUN} (the chart's is {@code stage}). */
            @WithDefault("stage")
            String container();
        }
    }

    interface Lease {
        /** How long a lease lives without renewal; a crashed owner's lease is free after this. */
        @WithDefault("60s")
        Duration ttl();

        /** How often a live run renews its lease. */
        @WithDefault("15s")
        Duration renewEvery();
    }

    /** Exponential backoff for transient (infrastructure) failures. */
    interface Retry {
        @WithDefault("2")
        int maxRetries();

        @WithDefault("5s")
        Duration initialDelay();

        @WithDefault("2")
        int factor();

        @WithDefault("5m")
        Duration maxDelay();
    }

    interface StageSettings {
        Optional<RetryOverride> retry();
    }

    interface RetryOverride {
        Optional<Integer> maxRetries();

        Optional<Duration> initialDelay();

        Optional<Integer> factor();

        Optional<Duration> maxDelay();
    }

    interface Api {
        /** Bearer token for the run endpoints. Unset: every protected request is refused (401). */
        Optional<String> token();
    }

    interface Alerts {
        /** Channels per severity, as in the seed: INFO → log; WARNING → log + email; CRITICAL → all. */
        @WithDefault("log")
        List<ChannelKind> info();

        @WithDefault("log,email")
        List<ChannelKind> warning();

        /** CRITICAL also pages on-call through Alertmanager (skipped while no URL is configured). */
        @WithDefault("log,email,slack,alertmanager")
        List<ChannelKind> critical();

        /** Identical alerts inside this window are sent once. */
        @WithDefault("1h")
        Duration dedupWindow();

        Email email();

        Slack slack();

        Alertmanager alertmanager();
    }

    interface Email {
        /**
         * Recipients of every severity without its own list; no recipients at all means the email
         * channel is not configured (skipped, not failed).
         */
        Optional<List<String>> to();

        /** Recipients per severity ({@code recsys.alerts.email.recipients.critical=...}); absent → {@link #to()}. */
        Recipients recipients();

        @WithDefault("recsys-pipeline@localhost")
        String from();
    }

    interface Recipients {
        Optional<List<String>> info();

        Optional<List<String>> warning();

        Optional<List<String>> critical();
    }

    /** Prometheus Alertmanager, for paging: alerts are posted to {@code <url>/api/v2/alerts}. */
    interface Alertmanager {
        /** Base URL, e.g. {@code http://alertmanager:9093}; absent → the channel is not configured. */
        Optional<URI> url();

        @WithDefault("10s")
        Duration timeout();

        /** Sent as each alert's generatorURL (where to look first, e.g. the monitor's dashboard); absent → omitted. */
        Optional<URI> generatorUrl();
    }

    interface Slack {
        /** Incoming-webhook URL (a Slack-compatible endpoint). */
        Optional<URI> webhookUrl();

        @WithDefault("#ml-alerts")
        String channel();

        @WithDefault("10s")
        Duration timeout();
    }

    interface Metrics {
        /** Pushgateway base URL for one-shot runs, e.g. http://pushgateway:9091. */
        Optional<String> pushgatewayUrl();

        @WithName("push-job")
        @WithDefault("recsys-pipeline")
        String pushJob();
    }
}
