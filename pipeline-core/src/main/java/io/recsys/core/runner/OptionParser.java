package io.recsys.core.runner;

import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.stage.Stage;
import io.recsys.core.stage.StageOption;
import io.recsys.core.stage.StageOptions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Parses {@code [--stage NAME] [--force] [--dry-run] [--parent-run RUN] [--no-chain] [stage options]}: {@code --name value} or
 * {@code --name=value} for value options, {@code --name} for flags. Unknown options are errors.
 */
public final class OptionParser {

    public record Parsed(String stage, StageOptions options) {}

    private OptionParser() {}

    /** Finds {@code --stage} first, so the stage's own options can be checked. */
    public static String stageName(List<String> args) throws InvalidInvocationException {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--stage")) {
                if (i + 1 >= args.size()) {
                    throw new InvalidInvocationException("--stage needs a value");
                }
                return args.get(i + 1);
            }
            if (a.startsWith("--stage=")) {
                return a.substring("--stage=".length());
            }
        }
        return null;
    }

    /** Parses a stage's options, refusing {@code --dry-run} for a stage that does not support it. */
    public static StageOptions parse(List<String> args, Stage stage) throws InvalidInvocationException {
        return refuseUnsupportedDryRun(parse(args, stage.options()), stage);
    }

    /** Builds a stage's options from an HTTP request, refusing a dry run the stage does not support. */
    public static StageOptions fromMap(boolean force, boolean dryRun, Map<String, String> given, Stage stage)
            throws InvalidInvocationException {
        return refuseUnsupportedDryRun(fromMap(force, dryRun, given, stage.options()), stage);
    }

    private static StageOptions refuseUnsupportedDryRun(StageOptions options, Stage stage)
            throws InvalidInvocationException {
        if (options.dryRun() && !stage.supportsDryRun()) {
            throw new InvalidInvocationException("stage " + stage.name() + " does not support --dry-run: it cannot"
                    + " tell what it would do without doing it");
        }
        return options;
    }

    public static StageOptions parse(List<String> args, List<StageOption> declared) throws InvalidInvocationException {
        Map<String, StageOption> byName = new LinkedHashMap<>();
        for (StageOption o : declared) {
            byName.put(o.name(), o);
        }
        boolean force = false;
        boolean dryRun = false;
        boolean chain = true;
        Optional<UUID> parent = Optional.empty();
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.length() == 2) {
                throw new InvalidInvocationException("unexpected argument '" + arg + "'; options start with --");
            }
            String name = arg.substring(2);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            switch (name) {
                case "force" -> force = true;
                case "dry-run" -> dryRun = true;
                case "no-chain" -> {
                    if (inline != null) {
                        throw new InvalidInvocationException("--no-chain is a flag and takes no value");
                    }
                    chain = false;
                }
                case "parent-run" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                            throw new InvalidInvocationException("--parent-run needs a run id");
                        }
                        value = args.get(++i);
                    }
                    parent = Optional.of(runId(value));
                }
                case "stage" -> {
                    if (inline == null) {
                        i++;
                    }
                }
                default -> {
                    StageOption option = byName.get(name);
                    if (option == null) {
                        throw new InvalidInvocationException("unknown option --" + name + "; known: --force, --dry-run"
                                + ", --parent-run, --no-chain"
                                + (byName.isEmpty() ? "" : ", --" + String.join(", --", byName.keySet())));
                    }
                    if (option.flag()) {
                        if (inline != null) {
                            throw new InvalidInvocationException("--" + name + " is a flag and takes no value");
                        }
                        values.put(name, "true");
                    } else {
                        String value = inline;
                        if (value == null) {
                            if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                                throw new InvalidInvocationException("--" + name + " needs a value");
                            }
                            value = args.get(++i);
                        }
                        values.put(name, value);
                    }
                }
            }
        }
        return new StageOptions(force, dryRun, values, parent, chain);
    }

    /** A run id as given on the command line or in a request. */
    public static UUID runId(String value) throws InvalidInvocationException {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInvocationException("not a run id: '" + value + "'");
        }
    }

    /** Builds options from an HTTP request body's fields. */
    public static StageOptions fromMap(
            boolean force, boolean dryRun, Map<String, String> given, List<StageOption> declared)
            throws InvalidInvocationException {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : given.entrySet()) {
            StageOption option = declared.stream()
                    .filter(o -> o.name().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow(() -> new InvalidInvocationException("unknown option '" + e.getKey() + "'"));
            values.put(option.name(), option.flag() ? "true" : e.getValue());
        }
        return new StageOptions(force, dryRun, values);
    }
}
