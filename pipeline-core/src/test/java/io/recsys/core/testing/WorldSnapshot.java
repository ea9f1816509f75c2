package io.recsys.core.testing;

import io.recsys.core.artifact.ArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Everything a stage could change: every row of every table in the test database and every file
 * and directory under the home (path, size, content digest, modification time). Two snapshots
 * taken around a dry run must be equal; {@link #differences} says what moved when they are not.
 * Dry-run rows of {@code pipeline_runs} are left out: a dry run is allowed its own run row.
 */
public record WorldSnapshot(Map<String, List<String>> tables, Map<String, String> files) {

    public static WorldSnapshot take(Path home) {
        return new WorldSnapshot(tables(EmbeddedPostgresResource.jdbcUrl(), java.util.Set.of()), files(home));
    }

    /**
     * Leaves out tables that other live processes of the test write on their own clock (e.g. the
     * serving replicas' heartbeats and per-minute health rows), which no stage run is answerable for.
     */
    public static WorldSnapshot takeIgnoring(Path home, String... tablesWrittenByOthers) {
        return new WorldSnapshot(
                tables(EmbeddedPostgresResource.jdbcUrl(), java.util.Set.of(tablesWrittenByOthers)), files(home));
    }

    /** Human-readable differences, empty when nothing changed. */
    public List<String> differences(WorldSnapshot after) {
        List<String> out = new ArrayList<>();
        for (String table : union(tables.keySet(), after.tables.keySet())) {
            List<String> a = tables.getOrDefault(table, List.of());
            List<String> b = after.tables.getOrDefault(table, List.of());
            if (!a.equals(b)) {
                List<String> added = new ArrayList<>(b);
                added.removeAll(a);
                List<String> removed = new ArrayList<>(a);
                removed.removeAll(b);
                out.add("table " + table + ": added " + added + ", removed " + removed);
            }
        }
        for (String path : union(files.keySet(), after.files.keySet())) {
            String a = files.get(path);
            String b = after.files.get(path);
            if (a == null) {
                out.add("file created: " + path);
            } else if (b == null) {
                out.add("file removed: " + path);
            } else if (!a.equals(b)) {
                out.add("file changed: " + path + " (" + a + " -> " + b + ")");
            }
        }
        return out;
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static Map<String, List<String>> tables(String url, java.util.Set<String> ignored) {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, "postgres", "postgres");
                Statement s = c.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            names.removeAll(ignored);
            for (String table : names) {
                String where = table.equals("pipeline_runs") ? " WHERE NOT t.dry_run" : "";
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM " + table + " t" + where + " ORDER BY 1")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
                out.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not snapshot the test database: " + e.getMessage(), e);
        }
        return out;
    }

    private static Map<String, String> files(Path home) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(home)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(home)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String rel = home.relativize(p).toString();
                if (Files.isDirectory(p)) {
                    out.put(rel + "/", "dir");
                } else {
                    out.put(
                            rel,
                            Files.size(p) + " bytes, sha256 " + ArtifactStore.sha256(p) + ", modified "
                                    + Files.getLastModifiedTime(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
