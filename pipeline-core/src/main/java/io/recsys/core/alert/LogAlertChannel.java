package io.recsys.core.alert;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Writes the alert to the log at a level that matches its severity. */
@ApplicationScoped
public class LogAlertChannel implements AlertChannel {
    private static final Logger LOG = Logger.getLogger("recsys.alerts");

    @Override
    public ChannelKind kind() {
        return ChannelKind.LOG;
    }

    @Override
    public boolean configured() {
        return true;
    }

    @Override
    public void send(Alert alert) {
        Logger.Level level = switch (alert.severity()) {
            case INFO -> Logger.Level.INFO;
            case WARNING -> Logger.Level.WARN;
            case CRITICAL -> Logger.Level.ERROR;
        };
        LOG.logf(
                level,
                "ALERT %s | %s | %s | %s",
                alert.severity(),
                alert.source(),
                alert.subject(),
                alert.message().replace('\n', ' '));
    }
}
