package io.recsys.monitor.drift;

import io.recsys.monitor.config.MonitorConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares the recent window (the last {@code monitor.drift.recent-window} of interactions, 7 days
 * by default, as the seed's "last 7 days") with the baseline, three ways:
 * <ul>
 *   <li><b>ratings</b>: two-sample Kolmogorov–Smirnov test of the 1..5 star counts (the seed's
 *       test, p &lt; 0.05) decides whether the change is significant; the largest change of one
 *       star's share (the seed's 0.1, high above 0.2) whether it is large enough to matter. Drift
 *       needs both; chi-square is reported beside them;</li>
 *   <li><b>popularity</b>: Spearman rank correlation of the top-K items' interaction counts (the
 *       seed's &lt; 0.8) and Jaccard similarity of the top-K sets (the seed's &lt; 0.8): either is
 *       a shift (high, as in the seed); PSI over item shares (&gt; 0.1 medium, &gt; 0.25 high);</li>
 *   <li><b>interactions</b>: the window's volume against the baseline's mean volume per window of
 *       the same length, and its interactions per active user against the baseline's per-window
 *       mean; either changing by more than 0.2 is drift (high), the seed's rule.</li>
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
     * @param baseline the baseline snapshot's summary (all its interactions)
     * @param recent   the current snapshot's interactions in the recent window
     */
    public Result compare(DataSummary baseline, DataSummary recent) {
        Map<String, Object> report = new LinkedHashMap<>();
        List<String> recommendations = new ArrayList<>();
        DriftSeverity overall = DriftSeverity.NONE;
        if (recent.interactions() == 0 || baseline.interactions() == 0) {
            String why = recent.interactions() == 0
                    ? "no interactions in the recent window"
                    : "the baseline has no interactions";
            for (String k : List.of("rating_drift", "popularity_drift", "interaction_drift")) {
                report.put(k, Map.of("status", why));
            }
        } else {
            DriftSeverity r = ratings(baseline, recent, report, recommendations);
            DriftSeverity p = popularity(baseline, recent, report, recommendations);
            DriftSeverity i = interactions(baseline, recent, report, recommendations);
            overall = r.max(p).max(i);
        }
        report.put("overall_severity", overall.name().toLowerCase(Locale.ROOT));
        report.put("drift_detected", overall.isDrift());
        report.put("should_retrain", overall.isDrift());
        report.put("recommendations", recommendations);
        return new Result(overall, report, recommendations);
    }

    private DriftSeverity ratings(
            DataSummary baseline, DataSummary recent, Map<String, Object> report, List<String> recommendations) {
        double[] p = DriftMath.shares(baseline.ratingCounts());
        double[] q = DriftMath.shares(recent.ratingCounts());
        double max = DriftMath.maxAbsoluteDifference(p, q);
        DriftMath.KsTest ks = DriftMath.kolmogorovSmirnov(baseline.ratingCounts(), recent.ratingCounts());
        DriftMath.ChiSquare chi = DriftMath.chiSquare(recent.ratingCounts(), p);
        boolean significant = ks.pValue() < t.ratingPValue();
        DriftSeverity severity = !significant
                ? DriftSeverity.LOW
                : max > t.ratingHigh()
                        ? DriftSeverity.HIGH
                        : max > t.ratingThreshold() ? DriftSeverity.MEDIUM : DriftSeverity.LOW;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("drift_detected", severity.isDrift());
        m.put("severity", severity.name().toLowerCase(Locale.ROOT));
        m.put("decided_by", "ks_p_value < " + t.ratingPValue() + " and max_difference > " + t.ratingThreshold());
        m.put("ks_statistic", ks.statistic());
        m.put("ks_p_value", ks.pValue());
        m.put("significant", significant);
        m.put("max_difference", max);
        m.put("total_difference", DriftMath.totalAbsoluteDifference(p, q));
        m.put("chi_square", finite(chi.statistic()));
        m.put("chi_square_p_value", chi.pValue());
        m.put("baseline_shares", shares(p));
        m.put("recent_shares", shares(q));
        m.put("recent_interactions", recent.interactions());
        report.put("rating_drift", m);
        if (severity.isDrift()) {
            recommendations.add("Rating distribution changed - consider retraining");
        }
        return severity;
    }

    private DriftSeverity popularity(
            DataSummary baseline, DataSummary recent, Map<String, Object> report, List<String> recommendations) {
        List<String> beforeTop = baseline.topItems(t.topK());
        List<String> nowTop = recent.topItems(t.topK());
        Set<String> before = new HashSet<>(beforeTop);
        Set<String> now = new HashSet<>(nowTop);
        double jaccard = DriftMath.jaccard(before, now);
        double psi = DriftMath.psi(baseline.itemShares(), recent.itemShares());
        // Spearman over the union of both top lists: an item new to the top ranks low on the
        // baseline's side (count 0 if it was not even among the kept items) and pulls the correlation down.
        Set<String> union = new LinkedHashSet<>(beforeTop);
        union.addAll(nowTop);
        double[] x = new double[union.size()];
        double[] y = new double[union.size()];
        int i = 0;
        for (String item : union) {
            x[i] = baseline.itemCounts().getOrDefault(item, 0L);
            y[i] = recent.itemCounts().getOrDefault(item, 0L);
            i++;
        }
        double spearman = DriftMath.spearman(x, y);
        boolean shift = jaccard < t.jaccardThreshold() || (!Double.isNaN(spearman) && spearman < t.spearmanThreshold());
        DriftSeverity severity = shift || psi > t.psiHigh()
                ? DriftSeverity.HIGH
                : psi > t.psiThreshold() ? DriftSeverity.MEDIUM : DriftSeverity.LOW;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("drift_detected", severity.isDrift());
        m.put("severity", severity.name().toLowerCase(Locale.ROOT));
        m.put("top_k", t.topK());
        m.put("spearman_correlation", finite(spearman));
        m.put("jaccard_similarity", jaccard);
        m.put("psi", psi);
        List<String> trending =
                nowTop.stream().filter(it -> !before.contains(it)).toList();
        List<String> dropped =
                beforeTop.stream().filter(it -> !now.contains(it)).toList();
        m.put("new_trending", trending);
        m.put("dropped_out", dropped);
        m.put("stable_count", before.size() - dropped.size());
        report.put("popularity_drift", m);
        if (severity.isDrift()) {
            recommendations.add("Popular items changed - update popularity baseline and retrain");
        }
        return severity;
    }

    private DriftSeverity interactions(
            DataSummary baseline, DataSummary recent, Map<String, Object> report, List<String> recommendations) {
        Map<String, Object> m = new LinkedHashMap<>();
        long window = recent.activity().windowSeconds();
        DataSummary.Activity ref = baseline.activity();
        boolean comparable = ref != null && ref.windowSeconds() == window;
        // A baseline summarised before windows existed, or over another window length: its pace
        // still gives a volume per window; per-user activity cannot be rebuilt without its files.
        double refVolume = comparable ? ref.meanVolume() : baseline.perDay() * window / 86400.0;
        double volumeChange = DriftMath.relativeChange(refVolume, recent.interactions());
        boolean volumeDrift = Math.abs(volumeChange) > t.interactionThreshold();
        boolean activityDrift = false;
        m.put("baseline_volume_per_window", refVolume);
        m.put("recent_volume", recent.interactions());
        m.put("volume_change_pct", finite(100 * volumeChange));
        m.put("baseline_windows", comparable ? ref.windows() : 0);
        if (comparable) {
            double activityChange = DriftMath.relativeChange(ref.meanPerUser(), recent.perUserMean());
            activityDrift = Math.abs(activityChange) > t.activityThreshold();
            m.put("baseline_per_user", ref.meanPerUser());
            m.put("recent_per_user", recent.perUserMean());
            m.put("user_activity_change_pct", finite(100 * activityChange));
        } else {
            m.put(
                    "status",
                    "per-user activity not comparable: the baseline was not summarised over " + window / 86400.0
                            + "-day windows (update the baseline)");
        }
        m.put("recent_users", recent.users());
        DriftSeverity severity = volumeDrift || activityDrift ? DriftSeverity.HIGH : DriftSeverity.LOW;
        m.put("drift_detected", severity.isDrift());
        m.put("severity", severity.name().toLowerCase(Locale.ROOT));
        m.put(
                "decided_by",
                "|volume change| > " + t.interactionThreshold() + " or |per-user activity change| > "
                        + t.activityThreshold());
        report.put("interaction_drift", m);
        if (severity.isDrift()) {
            recommendations.add("Interaction patterns changed - review the data pipeline");
        }
        return severity;
    }

    /** NaN and infinities have no JSON form; the report says null. */
    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Map<String, Double> shares(double[] s) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            m.put(Integer.toString(i + 1), s[i]);
        }
        return m;
    }
}
