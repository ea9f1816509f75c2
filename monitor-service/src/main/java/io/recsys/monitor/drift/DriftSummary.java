package io.recsys.monitor.drift;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code reports/drift/drift_summary.md} (the seed's): the latest comparison in words and numbers,
 * and the recent history, for a person reading the volume or attaching it to a ticket.
 */
final class DriftSummary {
    private DriftSummary() {}

    static String markdown(Map<String, Object> report, List<DriftStore.PastReport> history) {
        StringBuilder md = new StringBuilder("# Data drift\n\n");
        md.append("Latest comparison (")
                .append(report.get("generated_at"))
                .append("): snapshot `")
                .append(report.get("current_snapshot"))
                .append("` against baseline `")
                .append(report.get("baseline_snapshot"))
                .append("`. Overall severity **")
                .append(report.get("overall_severity"))
                .append("**, ")
                .append(
                        Boolean.TRUE.equals(report.get("should_retrain"))
                                ? "retraining advised"
                                : "no retraining needed")
                .append(".\n");
        if (report.get("recent_window") instanceof Map<?, ?> w) {
            md.append("\nRecent window: ")
                    .append(w.get("from"))
                    .append(" to ")
                    .append(w.get("to"))
                    .append(" (")
                    .append(w.get("interactions"))
                    .append(" interactions). Baseline policy: ")
                    .append(report.get("baseline_policy"))
                    .append(".\n");
        }
        if (report.get("baseline_rolled") instanceof Map<?, ?> r) {
            md.append("\nThe baseline rolled from `")
                    .append(r.get("from"))
                    .append("` to `")
                    .append(r.get("to"))
                    .append("` (model ")
                    .append(r.get("trained_model"))
                    .append(" was trained on it).\n");
        }
        md.append("\n| check | severity | figures |\n|---|---|---|\n");
        row(
                md,
                "rating distribution",
                section(report, "rating_drift"),
                "ks_p_value",
                "max_difference",
                "ks_statistic",
                "chi_square_p_value",
                "recent_interactions");
        row(
                md,
                "popularity",
                section(report, "popularity_drift"),
                "spearman_correlation",
                "jaccard_similarity",
                "psi",
                "stable_count");
        row(
                md,
                "interactions",
                section(report, "interaction_drift"),
                "volume_change_pct",
                "user_activity_change_pct",
                "recent_volume",
                "baseline_volume_per_window");
        Map<String, Object> pop = section(report, "popularity_drift");
        if (pop.get("new_trending") instanceof List<?> t && !t.isEmpty()) {
            md.append("\nNew in the top items: ").append(join(t)).append('\n');
        }
        if (pop.get("dropped_out") instanceof List<?> d && !d.isEmpty()) {
            md.append("\nDropped out of the top items: ").append(join(d)).append('\n');
        }
        if (report.get("recommendations") instanceof List<?> r && !r.isEmpty()) {
            md.append("\n## Recommendations\n\n");
            r.forEach(x -> md.append("- ").append(x).append('\n'));
        }
        md.append(
                "\n## Recent comparisons\n\n| when | current snapshot | baseline | severity | retrain |\n|---|---|---|---|---|\n");
        for (DriftStore.PastReport p : history) {
            md.append("| ")
                    .append(p.at())
                    .append(" | ")
                    .append(p.current())
                    .append(" | ")
                    .append(p.baseline())
                    .append(" | ")
                    .append(p.severity().name().toLowerCase(Locale.ROOT))
                    .append(" | ")
                    .append(p.shouldRetrain() ? "yes" : "no")
                    .append(" |\n");
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> report, String key) {
        return report.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static void row(StringBuilder md, String name, Map<String, Object> s, String... keys) {
        StringBuilder figures = new StringBuilder();
        if (s.containsKey("status")) {
            figures.append(s.get("status"));
        }
        for (String k : keys) {
            if (s.get(k) instanceof Number n) {
                if (figures.length() > 0) {
                    figures.append(", ");
                }
                figures.append(k)
                        .append(' ')
                        .append(
                                n instanceof Double || n instanceof Float
                                        ? String.format(Locale.ROOT, "%.4f", n.doubleValue())
                                        : n);
            }
        }
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(s.getOrDefault("severity", "-"))
                .append(" | ")
                .append(figures)
                .append(" |\n");
    }

    private static String join(List<?> items) {
        return String.join(", ", items.stream().limit(20).map(String::valueOf).toList())
                + (items.size() > 20 ? " (+" + (items.size() - 20) + " more)" : "");
    }
}
