package io.recsys.core.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Which artifacts exist and which one is current, in Postgres (not in symlinks or JSON files):
 * {@code artifacts} lists them, {@code artifact_aliases} points a name such as {@code current} at one.
 */
@ApplicationScoped
public class ArtifactRegistry {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final DataSource dataSource;
    private final ObjectMapper json;

    public ArtifactRegistry(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Records the artifact and points {@code alias} at it, in one transaction. */
    public void registerAndPoint(ArtifactRecord a, String alias) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO artifacts (kind, id, path, manifest_sha256, created_at, run_id, input_versions, summary)"
                                + " VALUES (?,?,?,?,?,?,?::jsonb,?::jsonb)")) {
                    ps.setString(1, a.kind().id());
                    ps.setString(2, a.id());
                    ps.setString(3, a.path());
                    ps.setString(4, a.manifestSha256());
                    ps.setObject(5, java.sql.Timestamp.from(a.createdAt()));
                    ps.setObject(6, a.runId());
                    ps.setString(7, json.writeValueAsString(a.inputVersions()));
                    ps.setString(8, json.writeValueAsString(a.summary()));
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO artifact_aliases (kind, alias, artifact_id, updated_at) VALUES (?,?,?, now())"
                                + " ON CONFLICT (kind, alias) DO UPDATE SET artifact_id = EXCLUDED.artifact_id,"
                                + " updated_at = now()")) {
                    ps.setString(1, a.kind().id());
                    ps.setString(2, alias);
                    ps.setString(3, a.id());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Optional<ArtifactRecord> resolve(ArtifactKind kind, String alias) throws SQLException, IOException {
        return one(
                "SELECT a.kind, a.id, a.path, a.manifest_sha256, a.created_at, a.run_id, a.input_versions::text,"
                        + " a.summary::text FROM artifact_aliases al JOIN artifacts a ON a.kind = al.kind"
                        + " AND a.id = al.artifact_id WHERE al.kind = ? AND al.alias = ?",
                kind,
                alias);
    }

    /** The artifact {@code id} of {@code kind}, whatever points at it. */
    public Optional<ArtifactRecord> find(ArtifactKind kind, String id) throws SQLException, IOException {
        return one(
                "SELECT kind, id, path, manifest_sha256, created_at, run_id, input_versions::text, summary::text"
                        + " FROM artifacts WHERE kind = ? AND id = ?",
                kind,
                id);
    }

    private Optional<ArtifactRecord> one(String sql, ArtifactKind kind, String key) throws SQLException, IOException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, kind.id());
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ArtifactRecord(
                        ArtifactKind.of(rs.getString(1)),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getTimestamp(5).toInstant(),
                        rs.getObject(6, UUID.class),
                        json.readValue(rs.getString(7), MAP),
                        json.readValue(rs.getString(8), MAP)));
            }
        }
    }
}
