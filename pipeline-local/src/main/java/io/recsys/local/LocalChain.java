package io.recsys.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The local launcher of the chain: a stage process run with {@code RECSYS_CHAIN_LAUNCHER=local}
 * records the edges its outcome fired and prints each one to start as
 * {@code chain: start STAGE --parent-run RUN}; this starts that stage's process (the same jar and
 * arguments as its schedule, plus {@code --parent-run}), and so on down the chain, one run at a time.
 */
final class LocalChain {
    /** pipeline-core's {@code LocalLauncher.LINE}; this launcher stays free of the Quarkus runtime. */
    static final String START = "chain: start ";

    private static final String NOTE = "chain: ";

    /** One chained run: the stage, what started it, how it ended. */
    record Link(String stage, String parentRunId, int depth, StageProcess.Result result) {}

    /** A stage to start, as a finished process printed it. */
    record Start(String stage, String parentRunId) {}

    /** A start waiting its turn, {@code depth} links below the run the chain was followed from. */
    private record Queued(Start start, int depth) {}

    private final Path repo;
    private final Function<String, Map<String, String>> envFor;
    private final boolean echo;

    /** {@code envFor}: the environment of a stage's process (the demo gives training its small factors). */
    LocalChain(Path repo, Function<String, Map<String, String>> envFor, boolean echo) {
        this.repo = repo;
        this.envFor = envFor;
        this.echo = echo;
    }

    /** The starts a finished process printed, in order. */
    static List<Start> starts(StageProcess.Result finished) {
        List<Start> out = new ArrayList<>();
        for (String line : finished.output()) {
            if (line.startsWith(START)) {
                String[] words = line.substring(START.length()).trim().split("\\s+", -1);
                if (words.length == 3 && words[1].equals("--parent-run")) {
                    out.add(new Start(words[0], words[2]));
                }
            }
        }
        return out;
    }

    /** The other links it printed: cooling down, absorbed, too deep, not started. */
    static List<String> notes(StageProcess.Result finished) {
        return finished.output().stream()
                .filter(l -> l.startsWith(NOTE) && !l.startsWith(START))
                .map(l -> l.substring(NOTE.length()))
                .toList();
    }

    /**
     * Runs the chain that {@code finished} started, to its end, printing each run indented under the
     * one that started it; returns every chained run. A failed run ends its branch (its outcome
     * starts nothing), as in the cluster.
     */
    List<Link> follow(StageProcess.Result finished) throws IOException, InterruptedException {
        notes(finished).forEach(n -> System.out.println("    chain: " + n));
        Deque<Queued> queue = new ArrayDeque<>();
        starts(finished).forEach(s -> queue.add(new Queued(s, 1)));
        List<Link> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            Queued q = queue.poll();
            Start next = q.start();
            int depth = q.depth();
            LocalSchedule.Entry entry = LocalSchedule.entry(next.stage());
            String indent = "  " + "  ".repeat(depth);
            if (entry == null) {
                System.out.println(
                        indent + "-> " + next.stage() + ": no local way to run this stage; its schedule will");
                continue;
            }
            StageProcess.Result r = run(entry, "--parent-run", next.parentRunId());
            System.out.println(indent + "-> " + next.stage() + " (chained, exit " + r.exitCode() + "): " + runLine(r));
            notes(r).forEach(n -> System.out.println(indent + "   chain: " + n));
            out.add(new Link(next.stage(), next.parentRunId(), depth, r));
            starts(r).forEach(s -> queue.add(new Queued(s, depth + 1)));
        }
        return out;
    }

    /** One run of a stage as its schedule runs it (its service, arguments and deadline), plus {@code extra}. */
    StageProcess.Result run(LocalSchedule.Entry entry, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(entry.args());
        args.addAll(List.of(extra));
        Path jar = repo.resolve(entry.service() + "/target/quarkus-app/quarkus-run.jar");
        return StageProcess.run(jar, envFor.apply(entry.stage()), echo, entry.deadline(), args.toArray(String[]::new));
    }

    static String runLine(StageProcess.Result r) {
        return r.output().stream().filter(l -> l.startsWith("run ")).findFirst().orElse("done");
    }
}
