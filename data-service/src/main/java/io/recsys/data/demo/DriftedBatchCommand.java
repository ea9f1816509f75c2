package io.recsys.data.demo;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.runner.CommandHandler;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.data.config.DataConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code drifted-batch [--home DIR] [--rows N] [--rating R] [--seed S]}: writes a staging batch whose
 * ratings have drifted (every row rates {@code R}, default 1 star, against the demo's mostly 4–5),
 * by users on products the raw file already has, stamped with the last day up to now — what a
 * sudden wave of unhappy buyers looks like to the data refresh and drift detection. For trying the
 * chain: {@code pipeline-local run data-refresh} then shows drift detection → training → deployment
 * → health check follow. Refuses to replace a batch that is already waiting (nothing is lost). The
 * raw file is read as a CSV with a header naming the configured user and product columns (the
 * seed's layout); {@code data.raw-dir} and {@code data.staging-dir}, when set, win over {@code --home}.
 */
@ApplicationScoped
public class DriftedBatchCommand implements CommandHandler {
    private static final Set<String> VALUED = Set.of("home", "rows", "rating", "seed");

    private final PipelineConfig pipeline;
    private final DataConfig data;

    public DriftedBatchCommand(PipelineConfig pipeline, DataConfig data) {
        this.pipeline = pipeline;
        this.data = data;
    }

    @Override
    public String name() {
        return "drifted-batch";
    }

    @Override
    public String usage() {
        return "[--home DIR] [--rows N] [--rating R] [--seed S]  write a staging batch of drifted ratings"
                + " (default 500 rows of 1 star) by known users on known products";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Map<String, String> o = parse(args);
        Path home = Path.of(o.getOrDefault("home", pipeline.home().toString()));
        int rows = (int) DemoOptions.number(o, "rows", 500, 1, 1_000_000);
        int rating = (int) DemoOptions.number(o, "rating", 1, 1, 5);
        long seed = DemoOptions.number(o, "seed", 7, 0, Integer.MAX_VALUE);
        // absolute: the messages name files a person can find whatever directory they ran from
        Path raw = data.rawDir()
                .orElse(home.resolve("raw"))
                .resolve(data.interactions().file())
                .toAbsolutePath();
        Path stagingDir = data.stagingDir().orElse(home.resolve("staging")).toAbsolutePath();
        Path staging = stagingDir.resolve(data.staging().file());
        if (!Files.isRegularFile(raw)) {
            throw new InvalidInvocationException(
                    "drifted-batch: no raw interactions at " + raw + " (generate-demo writes them)");
        }
        if (Files.exists(staging)) {
            throw new InvalidInvocationException("drifted-batch: a staging batch is already waiting at " + staging
                    + "; the next data refresh takes it in (or move it away)");
        }
        List<String[]> pairs = knownPairs(raw);
        if (pairs.isEmpty()) {
            throw new InvalidInvocationException("drifted-batch: " + raw + " has no interaction to draw users from"
                    + " (it reads a CSV with a header naming the configured user and product columns)");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        long now = Instant.now().getEpochSecond();
        Files.createDirectories(stagingDir);
        Path partial = Files.createTempFile(stagingDir, ".drifted-", ".csv.part");
        DataConfig.StagingFile s = data.staging();
        try {
            try (BufferedWriter w = Files.newBufferedWriter(partial, StandardCharsets.UTF_8);
                    CSVPrinter out = new CSVPrinter(
                            w,
                            CSVFormat.DEFAULT
                                    .builder()
                                    .setHeader(
                                            s.userColumn(),
                                            s.itemColumn(),
                                            s.ratingColumn(),
                                            s.commentColumn(),
                                            s.timestampColumn())
                                    .setRecordSeparator("\n")
                                    .get())) {
                for (int k = 0; k < rows; k++) {
                    String[] p = pairs.get(rng.nextInt(pairs.size()));
                    String when =
                            Instant.ofEpochSecond(now - rng.nextLong(86_400)).toString();
                    out.printRecord(p[0], p[1], Integer.toString(rating), rating <= 2 ? "Chất lượng kém" : "", when);
                }
            }
            // a link, not a rename: it fails if a batch appeared meanwhile (a rename would replace it),
            // and the refresh never sees half a batch
            Files.createLink(staging, partial);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new InvalidInvocationException("drifted-batch: a staging batch is already waiting at " + staging
                    + "; the next data refresh takes it in (or move it away)");
        } finally {
            Files.deleteIfExists(partial);
        }
        System.out.printf("wrote a drifted staging batch of %d rows rated %d to %s%n", rows, rating, staging);
        return ExitCode.OK.code();
    }

    /** (user, product) of the raw file's rows, read by the configured column names. */
    private List<String[]> knownPairs(Path raw) throws Exception {
        List<String[]> out = new ArrayList<>();
        String user = data.interactions().columns().user();
        String item = data.interactions().columns().item();
        try (Reader r = Files.newBufferedReader(raw, StandardCharsets.UTF_8)) {
            for (CSVRecord rec : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(r)) {
                if (rec.isMapped(user) && rec.isMapped(item) && rec.isSet(user) && rec.isSet(item)) {
                    String u = rec.get(user);
                    String i = rec.get(item);
                    if (!u.isBlank() && !i.isBlank()) {
                        out.add(new String[] {u, i});
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, String> parse(List<String> args) throws InvalidInvocationException {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--") || !VALUED.contains(a.substring(2))) {
                throw new InvalidInvocationException("drifted-batch: unknown option '" + a + "' (options: --"
                        + String.join(", --", VALUED.stream().sorted().toList()) + ")");
            }
            if (i + 1 >= args.size()) {
                throw new InvalidInvocationException("drifted-batch: " + a + " needs a value");
            }
            o.put(a.substring(2), args.get(++i));
        }
        return o;
    }
}
