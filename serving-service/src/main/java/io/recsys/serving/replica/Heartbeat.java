package io.recsys.serving.replica;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.recsys.core.runner.InstanceIdentity;
import io.recsys.core.serving.ReplicaDirectory;
import io.recsys.serving.config.ServingConfig;
import io.recsys.serving.model.ModelHolder;
import io.recsys.serving.model.Refusal;
import io.recsys.serving.model.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Tells the directory this replica is alive, where it listens and which model it serves (or
 * refused), so deployment can wait for every replica and health checks can find them.
 */
@ApplicationScoped
public class Heartbeat {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class);

    private final ReplicaDirectory directory;
    private final InstanceIdentity identity;
    private final ServingConfig config;
    private final ModelHolder holder;
    private final Instant startedAt = Instant.now();

    public Heartbeat(ReplicaDirectory directory, InstanceIdentity identity, ServingConfig config, ModelHolder holder) {
        this.directory = directory;
        this.identity = identity;
        this.config = config;
        this.holder = holder;
    }

    void onStart(@Observes StartupEvent event) {
        beat();
    }

    @Scheduled(every = "${serving.heartbeat-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        try {
            Optional<ServedModel> m = holder.current();
            Optional<Refusal> r = holder.lastRefusal();
            directory.heartbeat(
                    identity.id(),
                    baseUrl(),
                    m.map(ServedModel::modelId).orElse(null),
                    m.map(ServedModel::manifestSha256).orElse(null),
                    m.map(ServedModel::loadedAt).orElse(null),
                    r.map(Refusal::modelId).orElse(null),
                    r.map(Refusal::reason).orElse(null),
                    startedAt,
                    canaryReport());
        } catch (Exception e) {
            LOG.warnf("heartbeat failed (will retry): %s", e.toString());
        }
    }

    private ReplicaDirectory.CanaryReport canaryReport() {
        Optional<Refusal> refused = holder.lastCanaryRefusal();
        return new ReplicaDirectory.CanaryReport(
                holder.canary().map(c -> c.model().modelId()).orElse(null),
                refused.map(Refusal::modelId).orElse(null),
                refused.map(Refusal::reason).orElse(null));
    }

    /** Sends one heartbeat now, e.g. right after a reload, so deployment need not wait for the next. */
    public void now() {
        beat();
    }

    void onStop(@Observes ShutdownEvent event) {
        try {
            directory.remove(identity.id());
        } catch (Exception e) {
            LOG.warnf("could not leave the replica directory: %s", e.toString());
        }
    }

    String baseUrl() {
        return config.advertisedUrl().orElseGet(() -> {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
            // Read late: with port 0 the real port is only known once HTTP is up.
            int port = ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.http.port", Integer.class)
                    .orElse(8080);
            return "http://" + host + ":" + port;
        });
    }
}
