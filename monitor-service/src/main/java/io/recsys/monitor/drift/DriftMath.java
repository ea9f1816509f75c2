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

    private DriftMath() {}

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

    public record ChiSquare(double statistic, int degreesOfFreedom, double pValue) {}

    /**
     * Two-sample Kolmogorov–Smirnov test on counts over ordered categories (ratings 1..5): D is the
     * largest gap between the two cumulative shares; the p-value is the asymptotic Kolmogorov
     * distribution at λ = (√nₑ + 0.12 + 0.11/√nₑ)·D, nₑ = n₁n₂/(n₁+n₂) (Stephens' correction,
     * Numerical Recipes 14.3). With many ties, as on a five-point scale, the true p-value is
     * smaller than this one: the test is conservative, it errs towards "no drift".
     */
    public static KsTest kolmogorovSmirnov(long[] a, long[] b) {
        long na = 0;
        long nb = 0;
        for (int i = 0; i < a.length; i++) {
            na += a[i];
            nb += b[i];
        }
        if (na == 0 || nb == 0) {
            return new KsTest(0, 0, 1);
        }
        double ca = 0;
        double cb = 0;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            ca += (double) a[i] / na;
            cb += (double) b[i] / nb;
            d = Math.max(d, Math.abs(ca - cb));
        }
        double ne = (double) na * nb / (na + nb);
        double sq = Math.sqrt(ne);
        return new KsTest(d, ne, kolmogorovQ((sq + 0.12 + 0.11 / sq) * d));
    }

    public record KsTest(double statistic, double effectiveN, double pValue) {}

    /** Q(λ) = 2 Σ_{j≥1} (−1)^{j−1} e^{−2j²λ²}, the Kolmogorov distribution's upper tail (1 at λ = 0). */
    static double kolmogorovQ(double lambda) {
        if (lambda < 0.2) { // the series converges slowly here; Q is 1 to 1e-9 below λ ≈ 0.3
            return 1;
        }
        double sum = 0;
        double sign = 1;
        for (int j = 1; j <= 100; j++) {
            double term = sign * 2 * Math.exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.abs(term) < 1e-12 * Math.max(1e-300, Math.abs(sum))) {
                break;
            }
            sign = -sign;
        }
        return Math.min(1, Math.max(0, sum));
    }

    /**
     * Spearman's rank correlation of two paired samples: Pearson's correlation of their ranks, ties
     * given their average rank. NaN when fewer than two pairs or one side has no spread (every
     * value tied): no ranking to compare.
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = 0;
        double my = 0;
        for (int i = 0; i < rx.length; i++) {
            mx += rx[i];
            my += ry[i];
        }
        mx /= rx.length;
        my /= ry.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    /** 1-based ranks, ascending, ties averaged. */
    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
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
        double[] c = {
            0.99999999999980993,
            676.5203681218851,
            -1259.1392167224028,
            771.32342877765313,
            -176.61503916999185,
            12.507343278686905,
            -0.13857109526572012,
            9.9843695780195716e-6,
            1.5056327351493116e-7
        };
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
