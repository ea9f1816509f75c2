package io.recsys.monitor.drift;

import io.recsys.core.artifact.ArtifactKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Which data the models last learned from, for the {@link BaselinePolicy#AFTER_RETRAIN} policy.
 * The signal is {@code model_versions.data_snapshot}: the training stage writes it for every model
 * it trains, whatever the promotion gate then decides, and only for a model actually trained (a
 * skipped, failed-before-training or dry run registers none). Snapshots are ordered by their
 * {@code artifacts.created_at}: the data refresh publishes them in order, each one holding every
 * interaction of the one before.
 */
@ApplicationScoped
public class TrainedSnapshots {
    /** A registered data snapshot: id, directory, when it was published; and the newest model trained on it. */
    public record Trained(String snapshotId, String path, Instant publishedAt, String modelId) {}

    private final DataSource dataSource;

    public TrainedSnapshots(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The newest snapshot (by publication) any model version was trained on, if it is still registered. */
    public Optional<Trained> newest() throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT a.id, a.path, a.created_at, mv.id FROM model_versions mv JOIN artifacts a"
                                + " ON a.kind = '" + ArtifactKind.DATA_SNAPSHOT.id() + "' AND a.id = mv.data_snapshot"
                                + " ORDER BY a.created_at DESC, mv.created_at DESC, mv.id DESC LIMIT 1");
                ResultSet rs = ps.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Trained(
                            rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4)))
                    : Optional.empty();
        }
    }

    /** When a data snapshot was published, if it is still registered. */
    public Optional<Instant> publishedAt(String snapshotId) throws Exception {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT created_at FROM artifacts WHERE kind = '"
                        + ArtifactKind.DATA_SNAPSHOT.id() + "' AND id = ?")) {
            ps.setString(1, snapshotId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getTimestamp(1).toInstant()) : Optional.empty();
            }
        }
    }
}
