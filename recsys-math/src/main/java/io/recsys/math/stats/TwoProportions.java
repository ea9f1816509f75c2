package io.recsys.math.stats;

/**
 * The two-sided two-proportion z-test (pooled variance) and the sample size it needs, for judging
 * a canary's click-through rate against production's: H0 p_a = p_b. Normal approximation; fine
 * from a few hundred impressions an arm with rates that are not near 0 or 1 — which the minimum
 * sample size below ensures before anything is decided.
 */
public final class TwoProportions {
    private TwoProportions() {}

    /** The outcome: rates, their difference (b − a), z and the two-sided p-value. */
    public record Result(double rateA, double rateB, double difference, double z, double pValue) {}

    public static Result test(long successesA, long trialsA, long successesB, long trialsB) {
        if (trialsA <= 0
                || trialsB <= 0
                || successesA < 0
                || successesB < 0
                || successesA > trialsA
                || successesB > trialsB) {
            throw new IllegalArgumentException("successes must be within 0..trials and trials > 0: " + successesA + "/"
                    + trialsA + ", " + successesB + "/" + trialsB);
        }
        double pa = (double) successesA / trialsA;
        double pb = (double) successesB / trialsB;
        double pooled = (double) (successesA + successesB) / (trialsA + trialsB);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / trialsA + 1.0 / trialsB));
        double z = se == 0 ? 0 : (pb - pa) / se;
        return new Result(pa, pb, pb - pa, z, 2 * (1 - normalCdf(Math.abs(z))));
    }

    /**
     * Impressions each arm needs to detect a relative change {@code relativeEffect} of a base rate
     * {@code baseRate} at two-sided significance {@code alpha} with {@code power} (the standard
     * formula with the two rates' own variances).
     */
    public static long sampleSizePerArm(double baseRate, double relativeEffect, double alpha, double power) {
        if (!(baseRate > 0 && baseRate < 1)
                || !(relativeEffect > 0)
                || !(alpha > 0 && alpha < 1)
                || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("need 0 < base rate < 1, effect > 0, 0 < alpha, power < 1");
        }
        double p1 = baseRate;
        double p2 = Math.min(0.999999, baseRate * (1 + relativeEffect));
        double za = inverseNormalCdf(1 - alpha / 2);
        double zb = inverseNormalCdf(power);
        double n = Math.pow(za + zb, 2) * (p1 * (1 - p1) + p2 * (1 - p2)) / Math.pow(p2 - p1, 2);
        return (long) Math.ceil(n);
    }

    /** Φ(x), from the complementary error function (Numerical Recipes' erfc, |error| < 1.2e-7). */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t
                * Math.exp(
                        -z * z
                                - 1.26551223
                                + t
                                        * (1.00002368
                                                + t
                                                        * (0.37409196
                                                                + t
                                                                        * (0.09678418
                                                                                + t
                                                                                        * (-0.18628806
                                                                                                + t
                                                                                                        * (0.27886807
                                                                                                                + t
                                                                                                                        * (-1.13520398
                                                                                                                                + t
                                                                                                                                        * (1.48851587
                                                                                                                                                + t
                                                                                                                                                        * (-0.82215223
                                                                                                                                                                + t
                                                                                                                                                                        * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /** Φ⁻¹(p) by bisection on {@link #normalCdf}: called a few times per decision, exactness over speed. */
    public static double inverseNormalCdf(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double lo = -10;
        double hi = 10;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            if (normalCdf(mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
