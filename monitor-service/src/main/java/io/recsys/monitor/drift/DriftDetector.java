package io.recsys.monitor.drift;

import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the data now with the baseline, three ways (the seed's, with their thresholds):
 * <ul>
 *   <li>rating distribution of the interactions that arrived since the baseline against the
 *       baseline's: largest and total absolute difference of the shares of ratings 1..5, and a
 *       chi-square test; largest difference above 0.1 is drift (medium), above 0.2 high;</li>
 *   <li>popularity of the current snapshot against the baseline: Jaccard similarity of the top-K
 *       items (below 0.8 is a shift, high) and PSI over item shares (above 0.1 medium, 0.25 high);
 *       new trending and dropped items are listed;</li>
 *   <li>interaction rate: interactions per day since the baseline's last one, against the
 *       baseline's own pace; a relative change above 0.2 is drift (medium), above twice that high.
 *       Volume and per-user activity are reported alongside.</li>
 * </ul>
 */
@ApplicationScoped
public class DriftDetector {
    private final MonitorConfig.Drift t;

    public DriftDetector(MonitorConfig config) {
        this.t = config.drift();
    }

    public record Result(DriftSeverity severity, Map<String, Object> report, List<String> recommendations) {
        public boolean shouldRetrain() {
            return severity.isDrift();
        }
    }

    /**
     * @param baseline the baseline snapshot's summary
     * @param current  the current snapshot's summary (all its interactions)
     * @param recent   the current snapshot's interactions newer than the baseline's last one
     */
    public Result compare(DataSummary baseline, DataSummary current, DataSummary recent) {
        Map<String, Object> report = new LinkedHashMap<>();
        List<String> recommendations = new ArrayList<>();
        DriftSeverity overall = DriftSeverity.NONE;

        // Ratings: what arrived since the baseline, against the baseline.
        Map<String, Object> rating = new LinkedHashMap<>();
        DriftSeverity ratingSeverity = DriftSeverity.NONE;
        if (recent.interactions() == 0) {
            rating.put("status", "no interactions since the baseline");
        } else {
            double[] p = DriftMath.shares(baseline.ratingCounts());
            double[] q = DriftMath.shares(recent.ratingCounts());
            double max = DriftMath.maxAbsoluteDifference(p, q);
            DriftMath.ChiSquare chi = DriftMath.chiSquare(recent.ratingCounts(), p);
            ratingSeverity = max > t.ratingHigh() ? DriftSeverity.HIGH
                    : max > t.ratingThreshold() ? DriftSeverity.MEDIUM : DriftSeverity.LOW;
            rating.put("drift_detected", ratingSeverity.isDrift());
            rating.put("severity", ratingSeverity.name().toLowerCase());
            rating.put("max_difference", max);
            rating.put("total_difference", DriftMath.totalAbsoluteDifference(p, q));
            rating.put("chi_square", chi.statistic());
            rating.put("chi_square_p_value", chi.pValue());
            rating.put("baseline_shares", shares(p));
            rating.put("recent_shares", shares(q));
            rating.put("recent_interactions", recent.interactions());
            if (ratingSeverity.isDrift()) {
                recommendations.add("Rating distribution changed - consider retraining");
            }
        }
        report.put("rating_drift", rating);
        overall = overall.max(ratingSeverity);

        // Popularity: the current snapshot against the baseline.
        Set<String> before = new HashSet<>(baseline.topItems(t.topK()));
        Set<String> now = new HashSet<>(current.topItems(t.topK()));
        double jaccard = DriftMath.jaccard(before, now);
        double psi = DriftMath.psi(baseline.itemShares(), current.itemShares());
        DriftSeverity popularity = jaccard < t.jaccardThreshold() || psi > t.psiHigh() ? DriftSeverity.HIGH
                : psi > t.psiThreshold() ? DriftSeverity.MEDIUM : DriftSeverity.LOW;
        Map<String, Object> pop = new LinkedHashMap<>();
        pop.put("drift_detected", popularity.isDrift());
        pop.put("severity", popularity.name().toLowerCase());
        pop.put("top_k", t.topK());
        pop.put("jaccard_similarity", jaccard);
        pop.put("psi", psi);
        List<String> trending = current.topItems(t.topK()).stream().filter(i -> !before.contains(i)).toList();
        List<String> dropped = baseline.topItems(t.topK()).stream().filter(i -> !now.contains(i)).toList();
        pop.put("new_trending", trending);
        pop.put("dropped_out", dropped);
        pop.put("stable_count", before.size() - dropped.size());
        report.put("popularity_drift", pop);
        if (popularity.isDrift()) {
            recommendations.add("Popular items changed - update popularity baseline and retrain");
        }
        overall = overall.max(popularity);

        // Interaction rate and activity: what arrived since the baseline, against the baseline's pace.
        Map<String, Object> inter = new LinkedHashMap<>();
        DriftSeverity interaction = DriftSeverity.NONE;
        if (recent.interactions() == 0) {
            inter.put("status", "no interactions since the baseline");
        } else {
            // The recent pace: interactions since the baseline over the time since its last one.
            double days = Math.max(1, (recent.lastTimestamp() - baseline.lastTimestamp()) / 86400.0);
            double recentPerDay = recent.interactions() / days;
            double rate = DriftMath.relativeChange(baseline.perDay(), recentPerDay);
            interaction = Math.abs(rate) > 2 * t.interactionThreshold() ? DriftSeverity.HIGH
                    : Math.abs(rate) > t.interactionThreshold() ? DriftSeverity.MEDIUM : DriftSeverity.LOW;
            inter.put("drift_detected", interaction.isDrift());
            inter.put("severity", interaction.name().toLowerCase());
            inter.put("baseline_per_day", baseline.perDay());
            inter.put("recent_per_day", recentPerDay);
            inter.put("rate_change_pct", 100 * rate);
            // Informational: a short window's users are not comparable with months of history.
            inter.put("baseline_per_user", baseline.perUserMean());
            inter.put("recent_per_user", recent.perUserMean());
            inter.put("recent_interactions", recent.interactions());
            inter.put("total_interactions", current.interactions());
            inter.put("volume_change_pct", 100 * DriftMath.relativeChange(baseline.interactions(), current.interactions()));
            if (interaction.isDrift()) {
                recommendations.add("Interaction patterns changed - review the data pipeline");
            }
        }
        report.put("interaction_drift", inter);
        overall = overall.max(interaction);

        report.put("overall_severity", overall.name().toLowerCase());
        report.put("drift_detected", overall.isDrift());
        report.put("should_retrain", overall.isDrift());
        report.put("recommendations", recommendations);
        return new Result(overall, report, recommendations);
    }

    private static Map<String, Double> shares(double[] s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            m.put(Integer.toString(i + 1), s[i]);
        }
        return m;
    }
}
