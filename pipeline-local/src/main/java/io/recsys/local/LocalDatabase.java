package io.recsys.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The database the local pipeline uses: the one named by {@code QUARKUS_DATASOURCE_JDBC_URL}
 * (with _USERNAME / _PASSWORD), or else a real PostgreSQL started from zonky's embedded binaries,
 * with its data kept under the home so the run history survives between runs.
 */
final class LocalDatabase implements AutoCloseable {
    private final EmbeddedPostgres embedded;
    private final Map<String, String> env;

    private LocalDatabase(EmbeddedPostgres embedded, Map<String, String> env) {
        this.embedded = embedded;
        this.env = env;
    }

    static LocalDatabase open(Path home) throws IOException {
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (url != null && !url.isBlank()) {
            return new LocalDatabase(
                    null,
                    Map.of(
                            "QUARKUS_DATASOURCE_JDBC_URL", url,
                            "QUARKUS_DATASOURCE_USERNAME",
                                    System.getenv().getOrDefault("QUARKUS_DATASOURCE_USERNAME", "postgres"),
                            "QUARKUS_DATASOURCE_PASSWORD",
                                    System.getenv().getOrDefault("QUARKUS_DATASOURCE_PASSWORD", "")));
        }
        Path dataDir = Files.createDirectories(home.resolve(".postgres"));
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .start();
        return new LocalDatabase(
                pg,
                Map.of(
                        "QUARKUS_DATASOURCE_JDBC_URL", pg.getJdbcUrl("postgres", "postgres"),
                        "QUARKUS_DATASOURCE_USERNAME", "postgres",
                        "QUARKUS_DATASOURCE_PASSWORD", "postgres"));
    }

    boolean embedded() {
        return embedded != null;
    }

    /** Environment for the stage processes. */
    Map<String, String> env() {
        return env;
    }

    String url() {
        return env.get("QUARKUS_DATASOURCE_JDBC_URL");
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }
}
