package io.recsys.serving.model;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.serving.config.ServingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Follows the alias the moment it moves: LISTENs on the channel {@link ModelAliases} notifies in
 * the transaction that moves the alias, and syncs at once. The poll stays the safety net (a
 * notification sent while this connection was down is not replayed); this only removes the wait
 * for the next poll. One connection of the pool is held for it.
 */
@ApplicationScoped
public class AliasListener {
    private static final Logger LOG = Logger.getLogger(AliasListener.class);
    private static final int WAIT_MS = 1000;

    private final DataSource dataSource;
    private final AliasWatcher watcher;
    private final ServingConfig config;
    private volatile boolean running;
    private Thread thread;

    public AliasListener(DataSource dataSource, AliasWatcher watcher, ServingConfig config) {
        this.dataSource = dataSource;
        this.watcher = watcher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::listen, "alias-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void listen() {
        Duration backoff = Duration.ofSeconds(1);
        while (running) {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement()) {
                s.execute("LISTEN " + ModelAliases.NOTIFY_CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                backoff = Duration.ofSeconds(1);
                LOG.debugf("listening for alias moves on %s", ModelAliases.NOTIFY_CHANNEL);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(WAIT_MS);
                    if (notes != null
                            && java.util.Arrays.stream(notes)
                                    .anyMatch(n -> config.alias().equals(n.getParameter())
                                            || config.canaryAlias().equals(n.getParameter()))) {
                        try {
                            watcher.sync();
                        } catch (Exception e) {
                            LOG.warnf("alias moved but the sync failed (the poll retries): %s", e.toString());
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf(
                        "alias listener lost its connection (%s); the poll covers until it is back in %s",
                        e.toString(), backoff);
                LockSupport.parkNanos(backoff.toNanos());
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                        ? Duration.ofMinutes(1)
                        : backoff.multipliedBy(2);
            }
        }
    }
}
