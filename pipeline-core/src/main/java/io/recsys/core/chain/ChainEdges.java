package io.recsys.core.chain;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.config.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The edge table ({@code recsys.chain.edges.*}), checked at start-up: every edge names pipeline
 * stages, never its own stage, and the edges that are on form no cycle — a service with a bad table
 * stops with exit 2 and the cycle spelled out, before any run.
 */
@ApplicationScoped
public class ChainEdges implements SettingsCheck {
    /** The stages of the pipeline, whatever service runs them. */
    public static final Set<String> PIPELINE_STAGES = Set.of(
            "data-refresh",
            "embeddings",
            "drift-detection",
            "training",
            "deployment",
            "canary",
            "health-check",
            "online-metrics",
            "cleanup");

    private final List<ChainEdge> edges;
    /** Edges named in configuration without their from, outcome or to (a typo in an edge's name). */
    private final List<String> incomplete;

    @jakarta.inject.Inject
    public ChainEdges(PipelineConfig config) {
        Map<String, PipelineConfig.Chain.Edge> configured = config.chain().edges();
        List<ChainEdge> complete = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        configured.keySet().stream().sorted().forEach(name -> {
            PipelineConfig.Chain.Edge e = configured.get(name);
            List<String> absent = new ArrayList<>();
            if (e.from().isEmpty()) {
                absent.add("from");
            }
            if (e.outcome().isEmpty()) {
                absent.add("outcome");
            }
            if (e.to().isEmpty()) {
                absent.add("to");
            }
            if (!absent.isEmpty()) {
                List<String> known = configured.keySet().stream()
                        .filter(k -> configured.get(k).from().isPresent())
                        .sorted()
                        .toList();
                missing.add("recsys.chain.edges." + name + " has no " + String.join(" and no ", absent)
                        + " (not an edge of the table: " + known + "?)");
            } else {
                complete.add(new ChainEdge(
                        name, e.from().get(), e.outcome().get(), e.to().get(), e.enabled(), e.coolDown()));
            }
        });
        this.edges = List.copyOf(complete);
        this.incomplete = List.copyOf(missing);
    }

    ChainEdges(List<ChainEdge> edges) {
        this.edges = List.copyOf(edges);
        this.incomplete = List.of();
    }

    /** Every edge, on or off, by name. */
    public List<ChainEdge> all() {
        return edges;
    }

    /** The edges that are on, leave {@code stage} and fire on one of {@code signals}. */
    public List<ChainEdge> firing(String stage, Set<ChainSignal> signals) {
        return edges.stream()
                .filter(e -> e.enabled() && e.from().equals(stage) && signals.contains(e.outcome()))
                .toList();
    }

    @Override
    public Optional<String> problem() {
        List<String> problems = new ArrayList<>(incomplete);
        for (ChainEdge e : edges) {
            for (String stage : List.of(e.from(), e.to())) {
                if (!PIPELINE_STAGES.contains(stage)) {
                    problems.add(
                            "recsys.chain.edges." + e.name() + " names '" + stage + "', not a pipeline stage (one of "
                                    + PIPELINE_STAGES.stream().sorted().toList() + ")");
                }
            }
            if (e.from().equals(e.to())) {
                problems.add("recsys.chain.edges." + e.name() + " starts its own stage " + e.from());
            }
            if (e.coolDown().isNegative()) {
                problems.add("recsys.chain.edges." + e.name() + ".cool-down is negative: " + e.coolDown());
            }
        }
        cycle(edges)
                .ifPresent(c -> problems.add("recsys.chain.edges form a cycle: " + String.join(" -> ", c)
                        + "; switch one of its edges off (recsys.chain.edges.<name>.enabled=false)"));
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /**
     * A cycle among the edges that are on, as the path of its stages with the edges' names
     * ({@code health-check =[health-training]=> training ... -> health-check}); empty when there is none.
     */
    static Optional<List<String>> cycle(List<ChainEdge> edges) {
        Map<String, List<ChainEdge>> out = new HashMap<>();
        for (ChainEdge e : edges) {
            if (e.enabled()) {
                out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
            }
        }
        out.values().forEach(l -> l.sort(Comparator.comparing(ChainEdge::name))); // the same cycle named every time
        Set<String> done = new HashSet<>();
        for (String start : out.keySet().stream().sorted().toList()) {
            Deque<ChainEdge> path = new ArrayDeque<>();
            Optional<List<String>> found = visit(start, out, new HashSet<>(), done, path);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> visit(
            String stage,
            Map<String, List<ChainEdge>> out,
            Set<String> onPath,
            Set<String> done,
            Deque<ChainEdge> path) {
        if (done.contains(stage)) {
            return Optional.empty();
        }
        onPath.add(stage);
        for (ChainEdge e : out.getOrDefault(stage, List.of())) {
            path.addLast(e);
            if (onPath.contains(e.to())) {
                return Optional.of(describe(path, e.to()));
            }
            Optional<List<String>> found = visit(e.to(), out, onPath, done, path);
            if (found.isPresent()) {
                return found;
            }
            path.removeLast();
        }
        onPath.remove(stage);
        done.add(stage);
        return Optional.empty();
    }

    /** The part of the path from {@code closing} back to itself. */
    private static List<String> describe(Deque<ChainEdge> path, String closing) {
        List<ChainEdge> edges = new ArrayList<>(path);
        int from = 0;
        while (!edges.get(from).from().equals(closing)) {
            from++;
        }
        List<String> out = new ArrayList<>();
        for (ChainEdge e : edges.subList(from, edges.size())) {
            out.add(e.from() + " [" + e.name() + "]");
        }
        out.add(closing);
        return out;
    }
}
