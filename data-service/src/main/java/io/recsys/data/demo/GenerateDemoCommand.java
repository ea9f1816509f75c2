package io.recsys.data.demo;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.runner.CommandHandler;
import io.recsys.core.stage.ExitCode;
import io.recsys.core.stage.InvalidInvocationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code generate-demo [--home DIR] [--interactions N] [--users N] [--items N] [--staging-rows N]
 * [--seed S] [--overwrite]}: writes seed-format demo data under the home's raw/ and staging/.
 */
@ApplicationScoped
public class GenerateDemoCommand implements CommandHandler {
    private final PipelineConfig config;

    public GenerateDemoCommand(PipelineConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "generate-demo";
    }

    @Override
    public String usage() {
        return "[--home DIR] [--interactions N] [--users N] [--items N] [--staging-rows N] [--seed S] [--overwrite]"
                + "  write deterministic seed-format demo data";
    }

    @Override
    public int run(List<String> args) throws Exception {
        Map<String, String> o = parse(args);
        Path home = Path.of(o.getOrDefault("home", config.home().toString()));
        int interactions = intOpt(o, "interactions", 20_000);
        DemoDataGenerator.Spec d = DemoDataGenerator.Spec.ofInteractions(interactions, longOpt(o, "seed", 42));
        DemoDataGenerator.Spec spec = new DemoDataGenerator.Spec(
                interactions,
                intOpt(o, "users", d.users()),
                intOpt(o, "items", d.items()),
                intOpt(o, "staging-rows", d.stagingRows()),
                d.badRowShare(),
                d.seed());
        Path raw = home.resolve("raw").resolve("data_reviews_purchase.csv");
        if (Files.exists(raw) && !o.containsKey("overwrite")) {
            System.out.println("demo data already present at " + raw + " (use --overwrite to regenerate)");
            return ExitCode.OK.code();
        }
        DemoDataGenerator.Written w = new DemoDataGenerator(spec).write(home);
        System.out.printf(
                "wrote %d interactions (%d deliberately bad rows) to %s%n", w.rows(), w.badRows(), w.interactions());
        System.out.printf("wrote the product catalogue to %s%n", w.products());
        System.out.printf("wrote a staging batch of %d rows to %s%n", w.stagingRows(), w.staging());
        return ExitCode.OK.code();
    }

    private static final java.util.Set<String> VALUED =
            java.util.Set.of("home", "interactions", "users", "items", "staging-rows", "seed");

    private static Map<String, String> parse(List<String> args) throws InvalidInvocationException {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--overwrite")) {
                o.put("overwrite", "true");
            } else if (a.startsWith("--") && !VALUED.contains(a.substring(2))) {
                throw new InvalidInvocationException("generate-demo: unknown option '" + a + "' (options: --"
                        + String.join(", --", VALUED.stream().sorted().toList()) + ", --overwrite)");
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                o.put(a.substring(2), args.get(++i));
            } else {
                throw new InvalidInvocationException("generate-demo: unexpected argument '" + a + "'");
            }
        }
        return o;
    }

    private static int intOpt(Map<String, String> o, String key, int def) throws InvalidInvocationException {
        return (int) longOpt(o, key, def);
    }

    private static long longOpt(Map<String, String> o, String key, long def) throws InvalidInvocationException {
        String v = o.get(key);
        if (v == null) {
            return def;
        }
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidInvocationException("--" + key + " needs a whole number, got '" + v + "'");
        }
    }
}
