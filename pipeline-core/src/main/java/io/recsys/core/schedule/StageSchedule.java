package io.recsys.core.schedule;

import io.quarkus.scheduler.Scheduled;
import io.recsys.core.config.PipelineConfig;
import io.recsys.core.runner.AsyncRuns;
import io.recsys.core.runner.StageRegistry;
import io.recsys.core.runner.StageRunner;
import io.recsys.core.stage.LeaseHeldException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOptions;
import io.recsys.core.stage.Trigger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * In-process schedule for running outside Kubernetes. Off unless {@code recsys.schedule.cron} is
 * set (Kubernetes uses CronJobs instead). Runs the service's only stage, or
 * {@code recsys.schedule.stage}.
 */
@ApplicationScoped
public class StageSchedule {
    private static final Logger LOG = Logger.getLogger(StageSchedule.class);

    private final StageRegistry stages;
    private final StageRunner runner;
    private final AsyncRuns async;
    private final String stageName;

    public StageSchedule(StageRegistry stages, StageRunner runner, AsyncRuns async, PipelineConfig config) {
        this.stages = stages;
        this.runner = runner;
        this.async = async;
        this.stageName = config.schedule().stage().orElse(null);
    }

    @Scheduled(
            identity = "recsys-stage",
            cron = "${recsys.schedule.cron:off}",
            timeZone = "${recsys.schedule.time-zone:" + PipelineConfig.DEFAULT_TIME_ZONE + "}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void fire() {
        try {
            Stage stage = stages.get(stageName);
            async.submit(runner.open(stage, Trigger.CRON, StageOptions.none()));
        } catch (LeaseHeldException e) {
            LOG.infof("scheduled run skipped: %s", e.getMessage());
        } catch (Exception e) {
            LOG.errorf("scheduled run could not start: %s", e.getMessage());
        }
    }
}
