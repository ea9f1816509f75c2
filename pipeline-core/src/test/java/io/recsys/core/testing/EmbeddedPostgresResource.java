package io.recsys.core.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.util.Map;

/**
 * A real PostgreSQL (zonky's embedded binaries) on 127.0.0.1 and a random port, for Quarkus tests.
 * One server per test JVM: {@code @QuarkusMainTest} restarts resources for every launch, and a
 * database that survives between launches is exactly what a CronJob sees between runs. The server
 * stops when the JVM exits.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {
    /** System property holding the JDBC URL: shared across the class loaders Quarkus tests use. */
    public static final String URL_PROPERTY = "test.embedded-postgres.url";

    public static String jdbcUrl() {
        return System.getProperty(URL_PROPERTY);
    }

    @Override
    public synchronized Map<String, String> start() {
        String url = jdbcUrl();
        if (url == null) {
            try {
                EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is exiting
                    }
                }));
                url = postgres.getJdbcUrl("postgres", "postgres");
                System.setProperty(URL_PROPERTY, url);
            } catch (IOException e) {
                throw new IllegalStateException("embedded PostgreSQL did not start", e);
            }
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", "postgres",
                "quarkus.datasource.password", "postgres");
    }

    @Override
    public void stop() {
        // kept for the next launch in this JVM; closed by the shutdown hook
    }
}
