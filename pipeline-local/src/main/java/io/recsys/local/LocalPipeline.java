package io.recsys.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on one machine, for a newcomer with nothing but a JDK:
 * <pre>
 *   java -jar pipeline-local/target/pipeline-local.jar [--home DIR] [--interactions N] [--quiet]
 * </pre>
 * Starts an embedded PostgreSQL unless {@code QUARKUS_DATASOURCE_JDBC_URL} is set, generates demo
 * data if the home has none, then runs each stage's service as its own process, in order. Today the
 * pipeline is the data refresh; later stages join here.
 */
public final class LocalPipeline {

    private LocalPipeline() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        Path repo = repoRoot();
        Path home = Path.of(opts.getOrDefault("home",
                System.getenv().getOrDefault("RECSYS_HOME", repo.resolve("recsys-home").toString()))).toAbsolutePath();
        boolean echo = !opts.containsKey("quiet");
        Path dataJar = repo.resolve("data-service/target/quarkus-app/quarkus-run.jar");
        Path trainingJar = repo.resolve("training-service/target/quarkus-app/quarkus-run.jar");
        Files.createDirectories(home);

        System.out.println("recsys-pipeline: home " + home);
        try (LocalDatabase db = LocalDatabase.open(home)) {
            System.out.println(db.embedded() ? "database: embedded PostgreSQL at " + db.url()
                    + " (set QUARKUS_DATASOURCE_JDBC_URL to use your own)" : "database: " + db.url());
            Map<String, String> env = new HashMap<>(db.env());
            env.put("RECSYS_HOME", home.toString());

            if (!Files.exists(home.resolve("raw/data_reviews_purchase.csv"))) {
                System.out.println("step 0/2: generating demo data");
                StageProcess.Result gen = StageProcess.run(dataJar, env, echo, "generate-demo",
                        "--interactions", opts.getOrDefault("interactions", "50000"));
                if (gen.exitCode() != 0) {
                    fail("demo data generation", gen);
                }
            }

            System.out.println("step 1/2: data refresh (data-service run-once)");
            StageProcess.Result refresh = StageProcess.run(dataJar, env, echo, "run-once");
            if (refresh.exitCode() != 0) {
                fail("data refresh", refresh);
            }
            String snapshot = refresh.output("snapshot_path");

            System.out.println("step 2/2: training ALS and BPR (training-service run-once)");
            // The seed's 64 factors overfit a demo-sized catalogue; smaller, more regularised models
            // beat popularity clearly on it. Real deployments set these in their own configuration.
            Map<String, String> trainingEnv = new HashMap<>(env);
            trainingEnv.putIfAbsent("TRAINING_ALS_FACTORS", System.getenv().getOrDefault("TRAINING_ALS_FACTORS", "16"));
            trainingEnv.putIfAbsent("TRAINING_ALS_REGULARIZATION",
                    System.getenv().getOrDefault("TRAINING_ALS_REGULARIZATION", "1"));
            trainingEnv.putIfAbsent("TRAINING_BPR_FACTORS", System.getenv().getOrDefault("TRAINING_BPR_FACTORS", "16"));
            StageProcess.Result training = StageProcess.run(trainingJar, trainingEnv, echo, "run-once");
            if (training.exitCode() != 0) {
                fail("training", training);
            }
            System.out.println();
            if (snapshot != null) {
                System.out.println("data snapshot: " + snapshot);
                System.out.println("  stats:    " + Path.of(snapshot, "stats.json"));
                System.out.println("  matrices: " + Path.of(snapshot, "train") + " (numpy .npy, CSR)");
            } else {
                System.out.println("data refresh: " + refresh.output().stream().filter(l -> l.startsWith("run "))
                        .findFirst().orElse("done") + " (the current snapshot is unchanged)");
            }
            String champion = training.output("champion");
            String decision = training.output("decision");
            if (champion != null) {
                System.out.println("champion model: " + champion + " (" + (decision == null ? "unchanged" : decision) + ")");
                System.out.println("  artifacts: " + home.resolve("models").resolve(champion));
            } else {
                System.out.println("training: " + training.output().stream().filter(l -> l.startsWith("run "))
                        .findFirst().orElse("done"));
            }
            System.out.println("pipeline finished.");
        }
    }

    private static void fail(String what, StageProcess.Result r) {
        System.err.println(what + " failed with exit code " + r.exitCode() + ":");
        List<String> out = r.output();
        out.subList(Math.max(0, out.size() - 15), out.size()).forEach(l -> System.err.println("  " + l));
        System.exit(r.exitCode());
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quiet" -> m.put("quiet", "true");
                case "--home", "--interactions" -> {
                    if (i + 1 >= args.length) {
                        usage(a + " needs a value");
                    }
                    m.put(a.substring(2), args[++i]);
                }
                case "demo" -> {
                    // the default and only mode today
                }
                default -> usage("unknown argument " + a);
            }
        }
        return m;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem);
        System.err.println("usage: java -jar pipeline-local/target/pipeline-local.jar [--home DIR] [--interactions N] [--quiet]");
        System.exit(2);
    }

    /** The checkout this jar was built in (pipeline-local/target/pipeline-local.jar, two levels down). */
    private static Path repoRoot() throws URISyntaxException {
        String override = System.getProperty("recsys.repo");
        if (override != null) {
            return Path.of(override).toAbsolutePath();
        }
        Path jar = Path.of(LocalPipeline.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return jar.getParent().getParent().getParent();
    }
}
