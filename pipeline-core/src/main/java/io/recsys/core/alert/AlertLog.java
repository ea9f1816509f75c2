package io.recsys.core.alert;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Alerts sent, in Postgres. One-shot runs are separate processes, so de-duplication has to look
 * at a shared record, not at memory.
 */
@ApplicationScoped
public class AlertLog {
    private final DataSource dataSource;

    public AlertLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean sentWithin(String fingerprint, Duration window) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        // A send where a channel failed does not count: the next attempt tries again.
                        "SELECT 1 FROM alert_log WHERE fingerprint = ? AND suppressed = false AND channels_failed = ''"
                                + " AND sent_at > now() - make_interval(secs => ?) LIMIT 1")) {
            ps.setString(1, fingerprint);
            ps.setDouble(2, window.toMillis() / 1000.0);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void record(Alert alert, AlertOutcome outcome) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO alert_log (fingerprint, severity, source, subject, message, suppressed,"
                                + " channels_delivered, channels_failed, sent_at) VALUES (?,?,?,?,?,?,?,?, now())")) {
            ps.setString(1, alert.fingerprint());
            ps.setString(2, alert.severity().name());
            ps.setString(3, alert.source());
            ps.setString(4, alert.subject());
            ps.setString(5, alert.message());
            ps.setBoolean(6, outcome.suppressed());
            ps.setString(7, outcome.delivered().stream().map(Enum::name).collect(Collectors.joining(",")));
            ps.setString(
                    8,
                    outcome.failed().entrySet().stream()
                            .map(e -> e.getKey() + ": " + e.getValue())
                            .collect(Collectors.joining("; ")));
            ps.executeUpdate();
        }
    }
}
