package io.recsys.deploy.canary;

import io.recsys.math.stats.TwoProportions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Judges a canary against production on click-through rate, the way an online experiment is read:
 * guard metrics first (a canary that errs, is slow or falls back too often is rolled back whatever
 * its CTR, once it has answered enough requests for a rate to mean something), then — only once both arms have the impressions a two-proportion test needs to see the
 * minimum detectable effect — the test at the configured significance: significantly better →
 * promote, significantly worse → roll back, no significant difference → keep production. Before
 * that, wait; at the deadline without the sample, keep production and say so. Testing once the
 * sample is there, not at every look, keeps the false-positive rate near the stated significance.
 */
public final class CanaryJudge {

    public enum Verdict {
        PROMOTE,
        ROLL_BACK,
        /** Not enough impressions yet, before the deadline. */
        CONTINUE,
        /** Undecided, or no significant difference: production stays, the canary ends. */
        KEEP_PRODUCTION
    }

    /**
     * @param minimumDetectableEffect the smallest relative CTR change worth acting on (0.1 = 10 %)
     * @param assumedBaseRate         the CTR the sample size is planned for while production has no clicks yet
     */
    public record Settings(
            double significance,
            double minimumDetectableEffect,
            double power,
            double assumedBaseRate,
            Duration maxDuration,
            double maxErrorRate,
            double maxP99LatencyMs,
            double maxFallbackRate,
            long minGuardRequests) {}

    /** One arm's counts over the canary's life: impressions and those with a click; requests and their outcomes. */
    public record Arm(
            long impressions,
            long clickedImpressions,
            long requests,
            long errors,
            long fallbacks,
            double p99LatencyMs) {
        double ctr() {
            return impressions == 0 ? 0 : (double) clickedImpressions / impressions;
        }

        double errorRate() {
            return requests == 0 ? 0 : (double) errors / requests;
        }

        double fallbackRate() {
            return requests == 0 ? 0 : (double) fallbacks / requests;
        }
    }

    /** The verdict, one sentence why, and the numbers it rests on (for the deployment history). */
    public record Decision(Verdict verdict, String reason, Map<String, Object> numbers) {}

    private final Settings s;

    public CanaryJudge(Settings settings) {
        this.s = settings;
    }

    public Decision judge(Arm production, Arm canary, Duration elapsed) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("production_impressions", production.impressions());
        n.put("production_ctr", production.ctr());
        n.put("canary_impressions", canary.impressions());
        n.put("canary_ctr", canary.ctr());
        n.put("canary_error_rate", canary.errorRate());
        n.put("canary_fallback_rate", canary.fallbackRate());
        n.put("canary_p99_latency_ms", canary.p99LatencyMs());
        n.put("elapsed_seconds", elapsed.toSeconds());
        n.put("canary_requests", canary.requests());
        // Guards read rates: below this many canary requests a single error or a cold start decides nothing.
        boolean guarded = canary.requests() >= s.minGuardRequests();
        if (guarded && canary.errorRate() > s.maxErrorRate()) {
            return new Decision(
                    Verdict.ROLL_BACK,
                    String.format(
                            Locale.ROOT,
                            "guard: canary error rate %.2f%% above %.2f%%",
                            100 * canary.errorRate(),
                            100 * s.maxErrorRate()),
                    n);
        }
        if (guarded && canary.p99LatencyMs() > s.maxP99LatencyMs()) {
            return new Decision(
                    Verdict.ROLL_BACK,
                    String.format(
                            Locale.ROOT,
                            "guard: canary p99 latency %.1f ms above %.1f ms",
                            canary.p99LatencyMs(),
                            s.maxP99LatencyMs()),
                    n);
        }
        if (guarded && canary.fallbackRate() > s.maxFallbackRate()) {
            return new Decision(
                    Verdict.ROLL_BACK,
                    String.format(
                            Locale.ROOT,
                            "guard: canary fallback rate %.1f%% above %.1f%%",
                            100 * canary.fallbackRate(),
                            100 * s.maxFallbackRate()),
                    n);
        }
        double base = production.ctr() > 0 && production.ctr() < 1 ? production.ctr() : s.assumedBaseRate();
        long needed = TwoProportions.sampleSizePerArm(base, s.minimumDetectableEffect(), s.significance(), s.power());
        n.put("needed_impressions_per_arm", needed);
        if (production.impressions() < needed || canary.impressions() < needed) {
            if (elapsed.compareTo(s.maxDuration()) >= 0) {
                return new Decision(
                        Verdict.KEEP_PRODUCTION,
                        "undecided at the deadline (" + s.maxDuration() + "): "
                                + Math.min(production.impressions(), canary.impressions())
                                + " of the " + needed + " impressions per arm needed to see a "
                                + percent(s.minimumDetectableEffect()) + " change; production stays",
                        n);
            }
            return new Decision(
                    Verdict.CONTINUE,
                    "collecting: " + canary.impressions() + " canary and " + production.impressions()
                            + " production impressions of " + needed + " each",
                    n);
        }
        TwoProportions.Result t = TwoProportions.test(
                production.clickedImpressions(),
                production.impressions(),
                canary.clickedImpressions(),
                canary.impressions());
        n.put("z", t.z());
        n.put("p_value", t.pValue());
        String numbers = String.format(
                Locale.ROOT,
                "CTR %.2f%% against production's %.2f%% (%+.1f%%, p = %.4f, significance %.3f)",
                100 * t.rateB(),
                100 * t.rateA(),
                100 * (t.rateA() == 0 ? 0 : t.difference() / t.rateA()),
                t.pValue(),
                s.significance());
        if (t.pValue() < s.significance()) {
            return t.difference() > 0
                    ? new Decision(Verdict.PROMOTE, "significantly better: " + numbers, n)
                    : new Decision(Verdict.ROLL_BACK, "significantly worse: " + numbers, n);
        }
        return new Decision(
                Verdict.KEEP_PRODUCTION,
                "no significant difference with " + needed + "+ impressions per arm: " + numbers + "; production stays",
                n);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
