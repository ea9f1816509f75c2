package io.recsys.serving.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Dense;
import io.recsys.math.Factors;
import io.recsys.math.als.ImplicitAls;
import io.recsys.math.eval.TopK;
import io.recsys.math.io.GowallaSplit;
import io.recsys.math.retrieval.ExactTopK;
import io.recsys.math.retrieval.QuantizedItems;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;

/**
 * Serving under load, measured with wrk on loopback: a real serving replica (the packaged jar)
 * serving an ALS model trained on the Gowalla split (29,858 users × 40,981 items × 64 factors),
 * personal top-20 for random known users. Two runs: paced at the target rate (wrk's Lua delay per
 * connection), then unpaced at saturation. wrk shares the machine's cores with the replica.
 * Run with {@code bench/serving.sh}; key=value arguments override the defaults.
 */
public final class ServingBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("data", "../shared/datasets/gowalla-lightgcn");
        o.put("jar", "serving-service/target/quarkus-app/quarkus-run.jar");
        o.put("rate", "500");
        o.put("connections", "50");
        o.put("saturation-connections", "32");
        o.put("duration", "30");
        o.put("k", "20");
        o.put("factors", "64");
        o.put("report", "bench/results/serving.json");
        o.put("exactness-users", "3000"); // users whose served top-k is compared with scoring every item
        o.put("jvm", ""); // extra JVM options for the replica, space-separated (e.g. -Xlog:gc:file=gc.log)
        o.put("canary-share", "0"); // > 0: the same factors also served as a canary to this share of users
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 1 || !o.containsKey(a.substring(0, eq))) {
                throw new IllegalArgumentException("unknown argument " + a + "; known: " + o.keySet());
            }
            o.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Path work = Files.createTempDirectory("serving-bench");
        Path home = Files.createDirectories(work.resolve("home"));
        try (EmbeddedPostgres pg =
                EmbeddedPostgres.builder().setDataDirectory(work.resolve("pg")).start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure()
                    .dataSource(url, "postgres", "postgres")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();

            CsrMatrix train = GowallaSplit.load(Path.of(o.get("data"))).train();
            int k = Integer.parseInt(o.get("factors"));
            long t = System.nanoTime();
            ModelContent model = train(train, k);
            System.out.printf(Locale.ROOT, "trained ALS k=%d on Gowalla in %.1f s%n", k, (System.nanoTime() - t) / 1e9);
            Map<String, Object> exactness =
                    checkExactness(model, Integer.parseInt(o.get("k")), Integer.parseInt(o.get("exactness-users")));
            System.out.println("exactness: " + exactness);
            ArtifactStore store = new ArtifactStore(home);
            store.publish("models", model.modelId(), Map.of(), dir -> ModelArtifact.write(dir, model));
            Path dir = store.area("models").resolve(model.modelId());
            Instant now = Instant.now();
            ObjectMapper json = new ObjectMapper();
            ModelRegistry registry = new ModelRegistry(pg.getPostgresDatabase(), json);
            registry.register(new ModelVersion(
                    model.modelId(),
                    ModelType.ALS,
                    ModelState.CANDIDATE,
                    "gowalla",
                    Map.of("factors", k),
                    42,
                    Map.of(),
                    Map.of(),
                    Map.of(),
                    dir.toString(),
                    store.manifestDigest(dir),
                    "benchmark",
                    null,
                    now,
                    now));
            ModelAliases aliases = new ModelAliases(pg.getPostgresDatabase(), json);
            aliases.move(ModelAliases.PRODUCTION, model.modelId(), DeploymentAction.PROMOTE, "CLI", null, null);
            double canaryShare = Double.parseDouble(o.get("canary-share"));
            String canaryId = null;
            if (canaryShare > 0) {
                // The same factors under a second id: the split, the second model and the per-variant
                // minutes on the request path, not a different model's cost.
                canaryId = model.modelId() + "-canary";
                Map<String, Object> card = new LinkedHashMap<>(model.card());
                card.put("model_id", canaryId);
                ModelContent twin = new ModelContent(
                        model.users(),
                        model.items(),
                        model.userIds(),
                        model.itemIds(),
                        model.coldStartUsers(),
                        model.seen(),
                        model.itemPopularity(),
                        card);
                store.publish("models", canaryId, Map.of(), d -> ModelArtifact.write(d, twin));
                Path canaryDir = store.area("models").resolve(canaryId);
                registry.register(new ModelVersion(
                        canaryId,
                        ModelType.ALS,
                        ModelState.CANDIDATE,
                        "gowalla",
                        Map.of("factors", k),
                        42,
                        Map.of(),
                        Map.of(),
                        Map.of(),
                        canaryDir.toString(),
                        store.manifestDigest(canaryDir),
                        "benchmark",
                        null,
                        now,
                        now));
                aliases.startCanary("canary", canaryId, canaryShare, "CLI", null, null);
            }

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // The replica runs with the JVM options its Kubernetes Deployment sets, so the numbers hold there.
            List<String> jvmOptions = deploymentJvmOptions();
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
            cmd.addAll(jvmOptions);
            if (!o.get("jvm").isBlank()) {
                cmd.addAll(List.of(o.get("jvm").trim().split("\\s+")));
            }
            cmd.addAll(List.of(
                    "-Dquarkus.http.port=" + port,
                    "-Dquarkus.datasource.jdbc.url=" + url,
                    "-Dquarkus.datasource.username=postgres",
                    "-Dquarkus.datasource.password=postgres",
                    "-Drecsys.home=" + home,
                    "-Dquarkus.log.level=WARN",
                    "-jar",
                    o.get("jar")));
            Process serving = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("serving.log").toFile())
                    .start();
            try {
                String base = "http://127.0.0.1:" + port;
                awaitModel(base, model.modelId(), serving, work.resolve("serving.log"));
                if (canaryId != null) {
                    awaitModel(base, canaryId, serving, work.resolve("serving.log"));
                }
                Path script = writeScript(work, train.rows(), Integer.parseInt(o.get("k")));
                int duration = Integer.parseInt(o.get("duration"));
                // Warm-up: JIT-compile the scoring path before measuring.
                wrk(base, script, 2, 8, 10, Map.of());
                int connections = Integer.parseInt(o.get("connections"));
                double rate = Double.parseDouble(o.get("rate"));
                // Each connection waits this long before each request, so that all of them together
                // offer the rate (a connection's cycle is its delay plus the answer's ~2 ms).
                double delayMs = connections * 1000.0 / rate - 2;
                Map<String, Object> paced = wrk(
                        base,
                        script,
                        2,
                        connections,
                        duration,
                        Map.of("WRK_DELAY_MS", String.format(Locale.ROOT, "%.3f", delayMs)));
                Map<String, Object> saturated =
                        wrk(base, script, 2, Integer.parseInt(o.get("saturation-connections")), duration, Map.of());

                Map<String, Object> report = new LinkedHashMap<>();
                report.put("benchmark", "serving-wrk");
                report.put("command", "bench/serving.sh " + String.join(" ", args));
                report.put("date", Instant.now().toString());
                report.put("canary_share", canaryShare);
                report.put("cores", Runtime.getRuntime().availableProcessors());
                report.put(
                        "model",
                        Map.of(
                                "users",
                                train.rows(),
                                "items",
                                train.cols(),
                                "factors",
                                k,
                                "seen_interactions",
                                train.nnz()));
                report.put("request", "GET /api/v1/recommendations/{random known user}?k=" + o.get("k"));
                report.put("settings", o);
                report.put("replica_jvm_options", "-Xmx1g " + String.join(" ", jvmOptions) + " " + o.get("jvm"));
                report.put("note", "wrk runs on the same 2 cores as the replica (loopback)");
                report.put("scoring", exactness);
                report.put("target_rate", paced);
                report.put("saturation", saturated);
                report.put("impressions", impressions(base));
                String text = JSON.writeValueAsString(report);
                System.out.println(text);
                Path out = Path.of(o.get("report"));
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, text + "\n");
            } finally {
                serving.destroy();
                serving.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Every answer is recorded as an impression while measured (serving.impressions.enabled is on by
     * default): how many the replica wrote and dropped, from its Prometheus counters.
     */
    private static Map<String, Object> impressions(String base) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String metrics = http.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/q/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recorded", counter(metrics, "recsys_serving_impressions_total"));
        m.put("dropped", counter(metrics, "recsys_serving_impressions_dropped_total"));
        return m;
    }

    private static double counter(String metrics, String name) {
        return metrics.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static ModelContent train(CsrMatrix train, int k) {
        ImplicitAls.Params p = new ImplicitAls.Params(
                k,
                0.01,
                20,
                ImplicitAls.Solver.CONJUGATE_GRADIENT,
                3,
                false,
                42,
                Runtime.getRuntime().availableProcessors());
        try (ImplicitAls als = new ImplicitAls(p, train)) {
            for (int i = 0; i < 15; i++) {
                als.iterate();
            }
            List<String> users =
                    IntStream.range(0, train.rows()).mapToObj(u -> "u" + u).toList();
            List<String> items =
                    IntStream.range(0, train.cols()).mapToObj(i -> "i" + i).toList();
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("model_id", "als-gowalla-bench");
            card.put("model_type", "ALS");
            card.put("data_snapshot", "gowalla");
            return new ModelContent(
                    als.userFactors(), als.itemFactors(), users, items, List.of(), train, train.columnCounts(), card);
        }
    }

    /** JAVA_OPTS_APPEND of serving's Kubernetes Deployment, from its application.properties. */
    private static List<String> deploymentJvmOptions() throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(Path.of("serving-service/src/main/resources/application.properties"))) {
            p.load(in);
        }
        String options = p.getProperty("quarkus.kubernetes.env.vars.java-opts-append");
        if (options == null) {
            throw new IOException("serving-service's application.properties sets no java-opts-append");
        }
        return List.of(options.trim().split("\\s+"));
    }

    /**
     * What serving computes (compact table, exact re-rank) against scoring every item exactly, for
     * random known users with their seen items excluded: the answers must be identical.
     */
    private static Map<String, Object> checkExactness(ModelContent model, int k, int sampleUsers) {
        Factors users = model.users();
        Factors items = model.items();
        QuantizedItems compact = QuantizedItems.of(items);
        ExactTopK selector = new ExactTopK(k);
        TopK reference = new TopK(k);
        int[] got = new int[k];
        float[] gotScores = new float[k];
        int[] want = new int[k];
        float[] wantScores = new float[k];
        CsrMatrix seen = model.seen();
        SplittableRandom random = new SplittableRandom(7);
        int identical = 0;
        long exactScores = 0;
        int maxExactScores = 0;
        for (int s = 0; s < sampleUsers; s++) {
            int u = random.nextInt(users.rows());
            selector.select(compact, items, users.data(), u * users.k(), k, seen, u, got, gotScores);
            exactScores += selector.lastExactScores();
            maxExactScores = Math.max(maxExactScores, selector.lastExactScores());
            reference.clear();
            for (int i = 0, p = seen.rowStart(u); i < items.rows(); i++) {
                if (p < seen.rowEnd(u) && seen.columnAt(p) == i) {
                    p++;
                    continue;
                }
                reference.offer(i, Dense.dot(users.data(), u * users.k(), items.data(), i * items.k(), items.k()));
            }
            reference.drainBestFirst(want, wantScores);
            if (Arrays.equals(got, want) && Arrays.equals(gotScores, wantScores)) {
                identical++;
            }
        }
        if (identical != sampleUsers) {
            throw new IllegalStateException("served top-" + k + " differs from scoring every item for "
                    + (sampleUsers - identical) + " of " + sampleUsers + " users");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(
                "method",
                "int8 item table (per-item scale) for every item, exact float32 dot product for items whose "
                        + "error bound can reach the k-th exact score");
        m.put("users_checked", sampleUsers);
        m.put("identical_to_scoring_every_item", identical);
        m.put("mean_exact_scores_per_request", (double) exactScores / sampleUsers);
        m.put("max_exact_scores_per_request", maxExactScores);
        m.put("compact_table_bytes", compact.bytes());
        m.put("float_table_bytes", 4L * items.data().length);
        return m;
    }

    private static void awaitModel(String base, String modelId, Process serving, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!serving.isAlive()) {
                throw new IOException("serving exited; see " + log);
            }
            try {
                String body = http.send(
                                HttpRequest.newBuilder(URI.create(base + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body();
                if (body.contains(modelId)) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
        }
        throw new IOException("serving did not load " + modelId + " within 120 s; see " + log);
    }

    /** Random known users; with WRK_DELAY_MS set, each connection waits that long before each request. */
    private static Path writeScript(Path dir, int users, int k) throws IOException {
        String lua = """
                local delay_ms = tonumber(os.getenv("WRK_DELAY_MS") or "0")
                math.randomseed(42)
                request = function()
                  return wrk.format("GET", "/api/v1/recommendations/u" .. math.random(0, %d) .. "?k=%d")
                end
                if delay_ms > 0 then
                  delay = function() return delay_ms end
                end
                """.formatted(users - 1, k);
        Path script = dir.resolve("recommend.lua");
        Files.writeString(script, lua);
        return script;
    }

    private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|75|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern RPS = Pattern.compile("^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern TOTAL = Pattern.compile("^\\s+(\\d+) requests in ([0-9.]+)(s|m)");
    private static final Pattern NON_2XX = Pattern.compile("^\\s+Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("^\\s+Socket errors: (.*)$");

    private static Map<String, Object> wrk(
            String base, Path script, int threads, int connections, int seconds, Map<String, String> env)
            throws Exception {
        List<String> cmd = List.of(
                "wrk",
                "-t" + threads,
                "-c" + connections,
                "-d" + seconds + "s",
                "--latency",
                "-s",
                script.toString(),
                base);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
                System.out.println("  wrk | " + line);
            }
        }
        if (p.waitFor() != 0) {
            throw new IOException("wrk failed: " + String.join("\n", lines));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", String.join(" ", cmd) + (env.isEmpty() ? "" : " (env " + env + ")"));
        m.put("connections", connections);
        m.put("seconds", seconds);
        Map<String, Double> latency = new LinkedHashMap<>();
        long non2xx = 0;
        for (String l : lines) {
            Matcher pm = PERCENTILE.matcher(l);
            if (pm.find()) {
                double v = Double.parseDouble(pm.group(2));
                double ms = switch (pm.group(3)) {
                    case "us" -> v / 1000;
                    case "s" -> v * 1000;
                    default -> v;
                };
                latency.put("p" + pm.group(1) + "_ms", ms);
            }
            Matcher rm = RPS.matcher(l);
            if (rm.find()) {
                m.put("requests_per_second", Double.parseDouble(rm.group(1)));
            }
            Matcher tm = TOTAL.matcher(l);
            if (tm.find()) {
                m.put("requests", Long.parseLong(tm.group(1)));
            }
            Matcher nm = NON_2XX.matcher(l);
            if (nm.find()) {
                non2xx = Long.parseLong(nm.group(1));
            }
            Matcher sm = SOCKET_ERRORS.matcher(l);
            if (sm.find()) {
                m.put("socket_errors", sm.group(1));
            }
        }
        m.put("latency", latency);
        m.put("non_2xx", non2xx);
        return m;
    }
}
