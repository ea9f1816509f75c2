package io.recsys.monitor.online;

import io.recsys.core.online.OnlineDay;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * The seeds' online retrain trigger ("CTR drops > 10 % vs baseline"), with the model's own first
 * week as the baseline: the production model's CTR over the last {@code window} days (today
 * included) against its CTR over its first {@code window} days of production impressions, each
 * window with at least {@code minImpressions}. The windows must not overlap (a model in production
 * for less than two windows is not judged yet), and the CTR of a window is its clicked impressions
 * over its impressions (days weighted by their impressions).
 */
public record CtrDropRule(int windowDays, double maxDrop, long minImpressions) {

    /** What the rule found about one model. */
    public enum Finding {
        /** Nothing served yet, or the windows still overlap. */
        TOO_EARLY,
        /** A window has fewer impressions than the minimum. */
        TOO_FEW_IMPRESSIONS,
        /** The first week had no click: no drop can be measured against it. */
        NO_BASELINE_CLICKS,
        /** Within the allowed drop (or better). */
        STEADY,
        /** Down by more than the allowed drop: ask for a retrain. */
        DROPPED
    }

    /** The comparison with its numbers; the windows are null when the model served nothing yet. */
    public record Verdict(
            String modelId,
            Finding finding,
            LocalDate baselineFrom,
            LocalDate baselineTo,
            long baselineImpressions,
            double baselineCtr,
            LocalDate recentFrom,
            LocalDate recentTo,
            long recentImpressions,
            double recentCtr,
            String message) {

        public boolean fires() {
            return finding == Finding.DROPPED;
        }

        /** Relative change of the recent CTR against the baseline's (negative: down). */
        public double change() {
            return baselineCtr == 0 ? 0 : (recentCtr - baselineCtr) / baselineCtr;
        }
    }

    /**
     * @param days the model's production days, any order (the stored ones with today's recomputed
     *     ones in their place)
     */
    public Verdict evaluate(String modelId, List<OnlineDay> days, LocalDate today) {
        LocalDate recentFrom = today.minusDays(windowDays - 1L);
        LocalDate first = days.stream()
                .filter(d -> d.counts().impressions() > 0)
                .map(OnlineDay::day)
                .min(LocalDate::compareTo)
                .orElse(null);
        if (first == null) {
            return new Verdict(
                    modelId,
                    Finding.TOO_EARLY,
                    null,
                    null,
                    0,
                    0,
                    recentFrom,
                    today,
                    0,
                    0,
                    "production model " + modelId + " has no production impressions yet");
        }
        LocalDate baselineTo = first.plusDays(windowDays - 1L);
        long[] base = sum(days, first, baselineTo);
        long[] recent = sum(days, recentFrom, today);
        double baseCtr = base[0] == 0 ? 0 : (double) base[1] / base[0];
        double recentCtr = recent[0] == 0 ? 0 : (double) recent[1] / recent[0];
        String numbers = String.format(
                Locale.ROOT,
                "CTR %.4f over %s..%s (%d impressions) against %.4f over its first %d days %s..%s (%d impressions)",
                recentCtr,
                recentFrom,
                today,
                recent[0],
                baseCtr,
                windowDays,
                first,
                baselineTo,
                base[0]);
        Finding finding;
        String why;
        if (!recentFrom.isAfter(baselineTo)) {
            finding = Finding.TOO_EARLY;
            why = "not judged before " + baselineTo.plusDays(windowDays) + ": its first " + windowDays + " days end "
                    + baselineTo;
        } else if (base[0] < minImpressions || recent[0] < minImpressions) {
            finding = Finding.TOO_FEW_IMPRESSIONS;
            why = "not judged: each window needs " + minImpressions + " impressions";
        } else if (base[1] == 0) {
            finding = Finding.NO_BASELINE_CLICKS;
            why = "not judged: no click in its first " + windowDays + " days";
        } else {
            double drop = (baseCtr - recentCtr) / baseCtr;
            finding = drop > maxDrop ? Finding.DROPPED : Finding.STEADY;
            why = String.format(
                    Locale.ROOT,
                    "%s %.1f %% (%s %.0f %%)",
                    drop > 0 ? "down" : "up",
                    Math.abs(drop) * 100,
                    finding == Finding.DROPPED ? "more than the allowed" : "allowed drop",
                    maxDrop * 100);
        }
        return new Verdict(
                modelId,
                finding,
                first,
                baselineTo,
                base[0],
                baseCtr,
                recentFrom,
                today,
                recent[0],
                recentCtr,
                "production model " + modelId + ": " + numbers + "; " + why);
    }

    /** Impressions and clicked impressions of the days in {@code [from, to]}. */
    private static long[] sum(List<OnlineDay> days, LocalDate from, LocalDate to) {
        long[] out = new long[2];
        for (OnlineDay d : days) {
            if (!d.day().isBefore(from) && !d.day().isAfter(to)) {
                out[0] += d.counts().impressions();
                out[1] += d.counts().clickedImpressions();
            }
        }
        return out;
    }
}
