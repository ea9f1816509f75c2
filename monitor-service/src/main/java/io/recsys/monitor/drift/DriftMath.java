package io.recsys.monitor.drift;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The statistics drift detection uses, each on plain arrays and maps so it can be checked by hand.
 */
public final class DriftMath {
    /** Share given to a bucket that is empty on one side, so PSI stays finite (a common choice). */
    static final double EPSILON = 1e-4;

    private DriftMath() {
    }

    /** Shares that sum to 1 (all zero when the counts are). */
    public static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] s = new double[counts.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = total == 0 ? 0 : (double) counts[i] / total;
        }
        return s;
    }

    /** max_i |p_i − q_i|. */
    public static double maxAbsoluteDifference(double[] p, double[] q) {
        double m = 0;
        for (int i = 0; i < p.length; i++) {
            m = Math.max(m, Math.abs(p[i] - q[i]));
        }
        return m;
    }

    /** Σ_i |p_i − q_i| (the seed's total difference; twice the total-variation distance). */
    public static double totalAbsoluteDifference(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += Math.abs(p[i] - q[i]);
        }
        return s;
    }

    /**
     * Pearson's goodness-of-fit of observed counts against the expected shares:
     * χ² = Σ (O_i − E_i)² / E_i with E_i = n p_i over the categories with p_i > 0, and its p-value
     * with (categories − 1) degrees of freedom. A category the baseline never saw but the current
     * data has makes χ² infinite (p = 0): the distributions plainly differ.
     */
    public static ChiSquare chiSquare(long[] observed, double[] expectedShares) {
        long n = 0;
        for (long o : observed) {
            n += o;
        }
        double chi2 = 0;
        int categories = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = n * expectedShares[i];
            if (e > 0) {
                chi2 += (observed[i] - e) * (observed[i] - e) / e;
                categories++;
            } else if (observed[i] > 0) {
                return new ChiSquare(Double.POSITIVE_INFINITY, Math.max(1, observed.length - 1), 0);
            }
        }
        int df = Math.max(1, categories - 1);
        return new ChiSquare(chi2, df, n == 0 ? 1 : 1 - regularizedGammaP(df / 2.0, chi2 / 2));
    }

    public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {
    }

    /** |A ∩ B| / |A ∪ B|; 1 for two empty sets. */
    public static double jaccard(Set<String> a, Set<String> b) {
        Set<String> union = new HashSet<>(a);
        union.addAll(b);
        if (union.isEmpty()) {
            return 1;
        }
        Set<String> both = new HashSet<>(a);
        both.retainAll(b);
        return (double) both.size() / union.size();
    }

    /**
     * Population stability index over buckets: Σ (q − p) ln(q / p), empty buckets floored at
     * {@link #EPSILON}. Rule of thumb: &lt; 0.1 stable, 0.1–0.25 moderate shift, &gt; 0.25 large.
     */
    public static double psi(Map<String, Double> baseline, Map<String, Double> current) {
        Set<String> keys = new HashSet<>(baseline.keySet());
        keys.addAll(current.keySet());
        double s = 0;
        for (String k : keys) {
            double p = Math.max(EPSILON, baseline.getOrDefault(k, 0.0));
            double q = Math.max(EPSILON, current.getOrDefault(k, 0.0));
            s += (q - p) * Math.log(q / p);
        }
        return s;
    }

    /** Relative change (current − baseline) / baseline; 0 when both are 0, infinite from 0. */
    public static double relativeChange(double baseline, double current) {
        if (baseline == 0) {
            return current == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return (current - baseline) / baseline;
    }

    /**
     * P(a, x), the regularised lower incomplete gamma function: series for x &lt; a + 1, continued
     * fraction otherwise (Numerical Recipes, 6.2); accurate to ~1e-12 here.
     */
    static double regularizedGammaP(double a, double x) {
        if (x <= 0) {
            return 0;
        }
        if (Double.isInfinite(x)) {
            return 1;
        }
        double gln = logGamma(a);
        if (x < a + 1) {
            double ap = a;
            double sum = 1 / a;
            double del = sum;
            for (int n = 0; n < 1000; n++) {
                ap++;
                del *= x / ap;
                sum += del;
                if (Math.abs(del) < Math.abs(sum) * 1e-15) {
                    break;
                }
            }
            return sum * Math.exp(-x + a * Math.log(x) - gln);
        }
        double b = x + 1 - a;
        double c = 1 / 1e-300;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < 1e-300) {
                d = 1e-300;
            }
            c = b + an / c;
            if (Math.abs(c) < 1e-300) {
                c = 1e-300;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return 1 - Math.exp(-x + a * Math.log(x) - gln) * h;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9). */
    static double logGamma(double x) {
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61503916999185, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
