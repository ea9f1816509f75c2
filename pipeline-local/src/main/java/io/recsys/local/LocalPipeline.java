package io.recsys.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.recsys.artifact.snapshot.SnapshotReader;
import io.recsys.model.ModelArtifact;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The whole pipeline on one machine, for a newcomer with nothing but a JDK:
 * <pre>
 *   java -jar pipeline-local/target/pipeline-local.jar [--home DIR] [--interactions N] [--port P] [--no-wait | --schedule] [--quiet]
 * </pre>
 * Starts an embedded PostgreSQL unless {@code QUARKUS_DATASOURCE_JDBC_URL} is set, generates demo
 * data if the home has none, runs each stage's service as its own process, in order (data refresh,
 * drift detection, training), starts two serving replicas, deploys the champion to them, runs a
 * health check, prints a sample recommendation, and keeps serving until Ctrl-C (or stops at once
 * with {@code --no-wait}); with {@code --schedule} it also runs every stage on the seed's schedules.
 */
public final class LocalPipeline {

    /** The demo's steps after generating data. */
    private static final int STEPS = 10;

    private LocalPipeline() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path repo = repoRoot();
        Path home = Path.of(opts.getOrDefault(
                        "home",
                        System.getenv()
                                .getOrDefault(
                                        "RECSYS_HOME",
                                        repo.resolve("recsys-home").toString())))
                .toAbsolutePath();
        boolean echo = !opts.containsKey("quiet");
        Path dataJar = repo.resolve("data-service/target/quarkus-app/quarkus-run.jar");
        Path embeddingJar = repo.resolve("embedding-service/target/quarkus-app/quarkus-run.jar");
        Path trainingJar = repo.resolve("training-service/target/quarkus-app/quarkus-run.jar");
        Path servingJar = repo.resolve("serving-service/target/quarkus-app/quarkus-run.jar");
        Path deployJar = repo.resolve("deploy-service/target/quarkus-app/quarkus-run.jar");
        Path monitorJar = repo.resolve("monitor-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(home);

        System.out.println("recsys-pipeline: home " + home);
        LocalDatabase db = LocalDatabase.open(home);
        List<ServiceProcess> services = new ArrayList<>();
        // Ctrl-C: stop what we started, replicas first (they leave the directory), then the database.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            services.forEach(ServiceProcess::close);
                            try {
                                db.close();
                            } catch (IOException ignored) {
                                // exiting anyway
                            }
                        },
                        "local-pipeline-stop"));
        System.out.println(
                db.embedded()
                        ? "database: embedded PostgreSQL at " + db.url()
                                + " (set QUARKUS_DATASOURCE_JDBC_URL to use your own)"
                        : "database: " + db.url());
        Map<String, String> env = new HashMap<>(db.env());
        env.put("RECSYS_HOME", home.toString());
        String token = System.getenv()
                .getOrDefault("RECSYS_API_TOKEN", UUID.randomUUID().toString());
        env.put("RECSYS_API_TOKEN", token);

        // The chain: each stage's outcome starts the next stage's process (drift after a new
        // snapshot, deployment after a new champion, ...), as Jobs would in the cluster.
        env.put("RECSYS_CHAIN_LAUNCHER", "local");
        // The seed's 64 factors overfit a demo-sized catalogue; smaller, more regularised models
        // beat popularity clearly on it. Real deployments set these in their own configuration.
        Map<String, String> trainingEnv = new HashMap<>(env);
        trainingEnv.putIfAbsent("TRAINING_ALS_FACTORS", System.getenv().getOrDefault("TRAINING_ALS_FACTORS", "16"));
        trainingEnv.putIfAbsent(
                "TRAINING_ALS_REGULARIZATION", System.getenv().getOrDefault("TRAINING_ALS_REGULARIZATION", "1"));
        trainingEnv.putIfAbsent("TRAINING_BPR_FACTORS", System.getenv().getOrDefault("TRAINING_BPR_FACTORS", "16"));
        LocalChain chain = new LocalChain(repo, stage -> stage.equals("training") ? trainingEnv : env, echo);

        if (!Files.exists(home.resolve("raw/data_reviews_purchase.csv"))) {
            System.out.println("step 0/" + STEPS + ": generating demo data");
            StageProcess.Result gen = StageProcess.run(
                    dataJar, env, echo, "generate-demo", "--interactions", opts.getOrDefault("interactions", "50000"));
            if (gen.exitCode() != 0) {
                fail("demo data generation", gen);
            }
        }

        if (opts.containsKey("drifted-batch")) {
            // data-service's command, with this home's database: a batch for trying the chain
            StageProcess.Result batch = StageProcess.run(
                    dataJar,
                    env,
                    echo,
                    "drifted-batch",
                    "--home",
                    home.toString(),
                    "--rows",
                    opts.get("drifted-batch"));
            batch.output().stream()
                    .filter(l -> l.startsWith("wrote ") || l.startsWith("error"))
                    .forEach(System.out::println);
            System.exit(batch.exitCode());
        }
        if (opts.containsKey("run")) {
            runOneStage(opts.get("run"), repo, env, chain, services, opts, home);
            return;
        }

        System.out.println("step 1/" + STEPS + ": data refresh (data-service run-once) and the stages it starts: drift"
                + " detection (the first run makes the baseline), embeddings (a new catalogue)");
        StageProcess.Result refresh = StageProcess.run(dataJar, env, echo, "run-once");
        if (refresh.exitCode() != 0) {
            fail("data refresh", refresh);
        }
        System.out.println("  " + LocalChain.runLine(refresh));
        requireChain(chain.follow(refresh));
        String snapshot = refresh.output("snapshot_path");

        System.out.println("step 2/" + STEPS + ": starting two serving replicas (serving-service)");
        int port = Integer.parseInt(opts.getOrDefault("port", "8080"));
        ServiceProcess serving = startReplicas(servingJar, env, port, home, services);

        System.out.println("step 3/" + STEPS + ": training ALS and BPR (training-service run-once) and the stages a new"
                + " champion starts: deployment, verified on both replicas, then a health check");
        StageProcess.Result training = StageProcess.run(trainingJar, trainingEnv, echo, "run-once");
        if (training.exitCode() != 0) {
            fail("training", training);
        }
        System.out.println("  " + LocalChain.runLine(training));
        requireChain(chain.follow(training));
        System.out.println();
        if (snapshot != null) {
            System.out.println("data snapshot: " + snapshot);
            SnapshotReader published = SnapshotReader.open(Path.of(snapshot));
            System.out.println("  stats:    " + published.statsFile());
            System.out.println("  matrices: " + published.matricesDir() + " (numpy .npy, CSR)");
        } else {
            System.out.println("data refresh: " + LocalChain.runLine(refresh) + " (the current snapshot is unchanged)");
        }
        String champion = training.output("champion");
        String decision = training.output("decision");
        if (champion != null) {
            System.out.println(
                    "champion model: " + champion + " (" + (decision == null ? "unchanged" : decision) + ")");
            System.out.println("  artifacts: " + home.resolve("models").resolve(champion));
        } else {
            System.out.println("training: " + LocalChain.runLine(training));
        }

        // The online loop: shoppers act on what serving shows, the next refresh learns from it.
        // From here on the runs are chained by hand (--no-chain): the model trained on the shoppers'
        // events goes to production only through the canary, not through the chain's deployment.
        System.out.println(
                "step 4/" + STEPS + ": shoppers act on the recommendations (data-service simulate-shoppers)");
        shop(dataJar, env, echo, serving, home, "7");
        System.out.println("step 5/" + STEPS + ": data refresh with the shoppers' events (data-service run-once"
                + " --no-chain: the canary decides where the next model goes)");
        StageProcess.Result learned = StageProcess.run(dataJar, env, echo, "run-once", "--no-chain");
        if (learned.exitCode() != 0) {
            fail("data refresh of the events", learned);
        }
        System.out.println("  " + LocalChain.runLine(learned));

        // A model trained on those events goes to production only through a canary judged online.
        // The demo's offline gate lets it within 0.02 of the champion (offline metrics do not always
        // foretell clicks; the canary decides) and its judge window is short, so the run reaches a
        // verdict: promoted, rolled back, or production stays.
        System.out.println("step 6/" + STEPS + ": training on the events (training-service run-once --no-chain)");
        Map<String, String> retrainEnv = new HashMap<>(trainingEnv);
        retrainEnv.putIfAbsent(
                "TRAINING_PROMOTION_MIN_GAIN_OVER_CHAMPION",
                System.getenv().getOrDefault("TRAINING_PROMOTION_MIN_GAIN_OVER_CHAMPION", "-0.02"));
        StageProcess.Result retrained = StageProcess.run(trainingJar, retrainEnv, echo, "run-once", "--no-chain");
        if (retrained.exitCode() != 0) {
            fail("training on the events", retrained);
        }
        System.out.println("  " + LocalChain.runLine(retrained));
        String candidate = retrained.output("champion");
        boolean canary = candidate != null && !candidate.equals(champion);
        Map<String, String> canaryEnv = new HashMap<>(env);
        canaryEnv.putIfAbsent(
                "DEPLOY_CANARY_MAX_DURATION", System.getenv().getOrDefault("DEPLOY_CANARY_MAX_DURATION", "20s"));
        canaryEnv.putIfAbsent(
                "DEPLOY_CANARY_MINIMUM_DETECTABLE_EFFECT",
                System.getenv().getOrDefault("DEPLOY_CANARY_MINIMUM_DETECTABLE_EFFECT", "0.3"));
        System.out.println("step 7/" + STEPS + ": canary (deploy-service run-once --stage canary --start "
                + (canary ? candidate : "…") + " --share 0.5)");
        long canaryStarted = System.nanoTime();
        if (canary) {
            StageProcess.Result started = StageProcess.run(
                    deployJar,
                    canaryEnv,
                    echo,
                    "run-once",
                    "--stage",
                    "canary",
                    "--start",
                    candidate,
                    "--share",
                    "0.5");
            if (started.exitCode() != 0) {
                fail("canary start", started);
            }
            System.out.println("  " + LocalChain.runLine(started));
        } else {
            System.out.println("  training kept the champion: no new model to try");
        }
        System.out.println("step 8/" + STEPS + ": shoppers again, half of them served by the canary");
        shop(dataJar, env, echo, serving, home, "11");
        System.out.println("step 9/" + STEPS + ": the canary judged (deploy-service run-once --stage canary)");
        if (canary) {
            long left = seconds(canaryEnv.get("DEPLOY_CANARY_MAX_DURATION")) * 1_000_000_000L
                    - (System.nanoTime() - canaryStarted);
            if (left > 0) {
                LockSupport.parkNanos(left + 1_000_000_000L); // past the demo's judge window
            }
            StageProcess.Result judged = StageProcess.run(deployJar, canaryEnv, echo, "run-once", "--stage", "canary");
            if (judged.exitCode() != 0) {
                fail("canary judge", judged);
            }
            System.out.println("  " + LocalChain.runLine(judged));
        } else {
            System.out.println("  no canary to judge");
        }
        System.out.println(
                "step 10/" + STEPS + ": online metrics (monitor-service run-once --stage online-metrics --no-chain)");
        StageProcess.Result online =
                StageProcess.run(monitorJar, env, echo, "run-once", "--stage", "online-metrics", "--no-chain");
        if (online.exitCode() != 0) {
            fail("online metrics", online);
        }
        System.out.println("  " + LocalChain.runLine(online));
        ServiceProcess monitor =
                ServiceProcess.start("monitor", monitorJar, env, port + 10, "/dashboard/", home.resolve("logs"));
        services.add(monitor);
        printSample(serving, home);
        System.out.println("dashboard: " + monitor.baseUrl() + "/dashboard/ (log: " + monitor.log() + ")");
        System.out.println("pipeline finished; serving at " + serving.baseUrl()
                + " (admin token for POST /reload_model and /api/v1/runs: " + token + ")");
        if (opts.containsKey("no-wait")) {
            return; // the shutdown hook stops the replica and the database
        }
        if (opts.containsKey("schedule")) {
            runOnSchedule(chain, new LocalLedger(env)); // until Ctrl-C
        }
        System.out.println("Ctrl-C stops serving and the database.");
        int code = serving.process().waitFor();
        System.err.println("serving stopped with exit code " + code + "; see " + serving.log());
        System.exit(code == 0 ? 0 : 4);
    }

    /**
     * Keeps running the stages on the seed's schedules (as the CronJobs would), each as its own
     * process, until Ctrl-C. A failing run is reported and the schedule goes on, as with CronJobs.
     */
    private static void runOnSchedule(LocalChain chain, LocalLedger ledger) throws Exception {
        // PipelineConfig.DEFAULT_TIME_ZONE; this launcher stays free of the Quarkus runtime, so the value is repeated.
        ZoneId zone = ZoneId.of(System.getenv().getOrDefault("RECSYS_TIME_ZONE", "Asia/Ho_Chi_Minh"));
        LocalSchedule schedule = new LocalSchedule(LocalSchedule.SEED, zone);
        System.out.println("running on the seed's schedules (" + zone + "); Ctrl-C stops everything");
        // Catch-up: a stage whose scheduled time passed since its last success runs once now (the
        // CronJobs' startingDeadlineSeconds = one period); online metrics and the canary judge skip.
        // Asked again after each run: a caught-up refresh's chain may already have run the next ones.
        java.util.Set<String> caught = new java.util.HashSet<>();
        while (true) {
            java.util.Optional<LocalSchedule.Entry> next =
                    schedule.toCatchUp(ZonedDateTime.now(zone), ledger::lastSuccess).stream()
                            .filter(e -> !caught.contains(e.stage()))
                            .findFirst();
            if (next.isEmpty()) {
                break;
            }
            LocalSchedule.Entry e = next.get();
            caught.add(e.stage());
            System.out.println("catching up " + e.stage() + " (last success: "
                    + ledger.lastSuccess(e.stage()).map(Object::toString).orElse("never")
                    + "; a scheduled run was missed)");
            StageProcess.Result r = chain.run(e);
            System.out.println("  " + e.stage() + " (exit " + r.exitCode() + "): " + LocalChain.runLine(r));
            chain.follow(r).forEach(l -> caught.add(l.stage()));
        }
        while (true) {
            LocalSchedule.Due due = schedule.next(ZonedDateTime.now(zone));
            System.out.println("next: " + due.at() + " "
                    + due.entries().stream().map(LocalSchedule.Entry::stage).toList());
            long wait;
            while ((wait = Duration.between(ZonedDateTime.now(zone), due.at()).toNanos()) > 0) {
                LockSupport.parkNanos(wait);
            }
            for (LocalSchedule.Entry e : due.entries()) {
                StageProcess.Result r = chain.run(e);
                System.out.println(ZonedDateTime.now(zone).toLocalDateTime() + " " + e.stage() + " (exit "
                        + r.exitCode() + "): " + LocalChain.runLine(r));
                chain.follow(r); // a failed chained run is reported; the schedule goes on
            }
        }
    }

    /**
     * {@code run STAGE}: one stage as its schedule runs it, and the chain its outcome starts, with two
     * serving replicas up so a chained deployment is verified; then stops. Exit: the first failing
     * run's code, else 0.
     */
    private static void runOneStage(
            String stage,
            Path repo,
            Map<String, String> env,
            LocalChain chain,
            List<ServiceProcess> services,
            Map<String, String> opts,
            Path home)
            throws Exception {
        LocalSchedule.Entry entry = LocalSchedule.entry(stage);
        if (entry == null) {
            usage("run: unknown stage '" + stage + "' (one of "
                    + LocalSchedule.SEED.stream()
                            .map(LocalSchedule.Entry::stage)
                            .toList() + ")");
            return;
        }
        int port = Integer.parseInt(opts.getOrDefault("port", "8080"));
        System.out.println("starting two serving replicas (a chained deployment is verified on them)");
        startReplicas(repo.resolve("serving-service/target/quarkus-app/quarkus-run.jar"), env, port, home, services);
        System.out.println("run: " + stage + " (" + entry.service() + " " + String.join(" ", entry.args()) + ")");
        StageProcess.Result first = chain.run(entry);
        System.out.println("  " + stage + " (exit " + first.exitCode() + "): " + LocalChain.runLine(first));
        List<LocalChain.Link> links = chain.follow(first);
        System.out.println(
                links.isEmpty()
                        ? "the chain: nothing started ("
                                + (LocalChain.runLine(first).contains(" SKIPPED")
                                        ? "inputs unchanged: a skipped run starts nothing)"
                                        : first.exitCode() != 0
                                                ? "a run that did not succeed starts nothing)"
                                                : stage + "'s outcome fires no edge that is on)")
                        : "the chain: " + stage + " -> "
                                + String.join(
                                        " -> ",
                                        links.stream()
                                                .map(LocalChain.Link::stage)
                                                .toList())
                                + " (GET /api/v1/runs/<run id> shows each run's parent and children)");
        int exit = first.exitCode();
        for (LocalChain.Link l : links) {
            if (exit == 0) {
                exit = l.result().exitCode();
            }
        }
        System.exit(exit); // the shutdown hook stops the replicas and the database
    }

    /** Fails the demo on the first chained run that failed, as on any step of its own. */
    private static void requireChain(List<LocalChain.Link> links) {
        for (LocalChain.Link l : links) {
            if (l.result().exitCode() != 0) {
                fail(l.stage() + " (chained)", l.result());
            }
        }
    }

    /** Two serving replicas on {@code port} and the next, started in parallel; returns the first. */
    private static ServiceProcess startReplicas(
            Path servingJar, Map<String, String> env, int port, Path home, List<ServiceProcess> services) {
        CompletableFuture<ServiceProcess> first = startAsync("serving-1", servingJar, env, port, home);
        CompletableFuture<ServiceProcess> second = startAsync("serving-2", servingJar, env, port + 1, home);
        ServiceProcess serving = first.join();
        services.add(serving);
        services.add(second.join());
        for (ServiceProcess s : services) {
            System.out.println("  " + s.name() + " " + s.baseUrl() + " (log: " + s.log() + ")");
        }
        return serving;
    }

    /** A demo window such as {@code 20s} in seconds; 0 (no wait) for any other form. */
    static long seconds(String window) {
        return window != null && window.matches("\\d+s") ? Long.parseLong(window.substring(0, window.length() - 1)) : 0;
    }

    /** One round of simulated shoppers against serving (each round's own seed: new event ids). */
    private static void shop(
            Path dataJar, Map<String, String> env, boolean echo, ServiceProcess serving, Path home, String seed)
            throws Exception {
        StageProcess.Result shoppers = StageProcess.run(
                dataJar,
                env,
                echo,
                "simulate-shoppers",
                "--serving",
                serving.baseUrl(),
                "--home",
                home.toString(),
                "--seed",
                seed);
        if (shoppers.exitCode() != 0) {
            fail("shopper simulation", shoppers);
        }
        shoppers.output().stream().filter(l -> l.contains(" events posted")).forEach(l -> System.out.println("  " + l));
    }

    private static CompletableFuture<ServiceProcess> startAsync(
            String name, Path jar, Map<String, String> env, int port, Path home) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return ServiceProcess.start(name, jar, env, port, "/health", home.resolve("logs"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** One real answer from the replica: the served model, a user from it, their top 5. */
    private static void printSample(ServiceProcess serving, Path home) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode model = json.readTree(serving.get("/api/v1/model").body());
        String modelId = model.path("model_id").asText(null);
        if (modelId == null) {
            System.out.println("serving has no model loaded (see " + serving.log() + ")");
            return;
        }
        List<String> users = ModelArtifact.readMappings(home.resolve("models").resolve(modelId))
                .userIds();
        String user = users.get(users.size() / 2);
        String path = "/api/v1/recommendations/" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "?k=5";
        JsonNode answer = json.readTree(serving.get(path).body());
        System.out.println();
        System.out.println("serving model " + modelId + "; sample: GET " + serving.baseUrl() + path);
        int rank = 1;
        for (JsonNode item : answer.path("items")) {
            System.out.printf(
                    Locale.ROOT,
                    "  %d. %-14s score %.4f%n",
                    rank++,
                    item.path("item_id").asText(),
                    item.path("score").asDouble());
        }
        System.out.println();
    }

    private static void fail(String what, StageProcess.Result r) {
        System.err.println(what + " failed with exit code " + r.exitCode() + ":");
        List<String> out = r.output();
        out.subList(Math.max(0, out.size() - 15), out.size()).forEach(l -> System.err.println("  " + l));
        System.exit(r.exitCode());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = parseArgs(args);
        if (m.containsKey("no-wait") && m.containsKey("schedule")) {
            usage("--no-wait and --schedule exclude each other");
        }
        if (m.containsKey("run") && m.containsKey("drifted-batch")) {
            usage("run STAGE and drifted-batch are two invocations: first drifted-batch, then run data-refresh");
        }
        if (m.containsKey("run") && (m.containsKey("schedule") || m.containsKey("no-wait"))) {
            usage("run STAGE stops when its chain ends: it takes neither --schedule nor --no-wait");
        }
        return m;
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quiet" -> m.put("quiet", "true");
                case "--no-wait" -> m.put("no-wait", "true");
                case "--schedule" -> m.put("schedule", "true");
                case "--home", "--interactions", "--port" -> {
                    if (i + 1 >= args.length) {
                        usage(a + " needs a value");
                    }
                    m.put(a.substring(2), args[++i]);
                }
                case "demo" -> {
                    // the default mode
                }
                case "run" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        usage("run needs a stage name");
                    }
                    m.put("run", args[++i]);
                }
                case "drifted-batch" -> {
                    // an optional row count follows
                    m.put("drifted-batch", i + 1 < args.length && args[i + 1].matches("\\d+") ? args[++i] : "500");
                }
                default -> usage("unknown argument " + a);
            }
        }
        return m;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: java -jar pipeline-local/target/pipeline-local.jar [--home DIR] [--interactions N]"
                + " [--port P] [--no-wait | --schedule] [--quiet] [run STAGE | drifted-batch [ROWS]]");
        System.exit(2);
    }

    /** The checkout this jar was built in (pipeline-local/target/pipeline-local.jar, two levels down). */
    private static Path repoRoot() throws URISyntaxException {
        String override = System.getProperty("recsys.repo");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        Path jar = Path.of(LocalPipeline.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        return jar.getParent().getParent().getParent();
    }
}
