package io.recsys.training;

import java.util.Locale;

/**
 * The rule that decides whether the best candidate becomes champion: it must beat the popularity
 * baseline and the current champion (re-evaluated on the same test split) on the primary metric by
 * more than the configured margins. A tie keeps the champion.
 */
public final class PromotionGate {

    public enum Verdict {
        PROMOTE,
        BELOW_BASELINE,
        NOT_BETTER_THAN_CHAMPION
    }

    public record Decision(Verdict verdict, String reason) {}

    private final double minGainOverBaseline;
    private final double minGainOverChampion;

    public PromotionGate(double minGainOverBaseline, double minGainOverChampion) {
        this.minGainOverBaseline = minGainOverBaseline;
        this.minGainOverChampion = minGainOverChampion;
    }

    /** How much lower {@code now} is than {@code before}, as a share of it (0 when it is not lower or before is 0). */
    public static double relativeDrop(double before, double now) {
        return before > 0 && now < before ? (before - now) / before : 0.0;
    }

    /** @param champion the champion's score on the same split, or null when there is no champion */
    public Decision decide(String metric, double candidate, double baseline, Double champion) {
        if (!(candidate > baseline + minGainOverBaseline)) {
            return new Decision(
                    Verdict.BELOW_BASELINE,
                    String.format(
                            Locale.ROOT,
                            "%s %.4f does not beat the popularity baseline %.4f by more than %.4f",
                            metric,
                            candidate,
                            baseline,
                            minGainOverBaseline));
        }
        if (champion != null && !(candidate > champion + minGainOverChampion)) {
            return new Decision(
                    Verdict.NOT_BETTER_THAN_CHAMPION,
                    String.format(
                            Locale.ROOT,
                            "%s %.4f does not beat the champion's %.4f (same test split) by more than %.4f",
                            metric,
                            candidate,
                            champion,
                            minGainOverChampion));
        }
        return new Decision(
                Verdict.PROMOTE,
                String.format(
                        Locale.ROOT,
                        "%s %.4f beats the baseline %.4f%s",
                        metric,
                        candidate,
                        baseline,
                        champion == null ? "" : String.format(Locale.ROOT, " and the champion's %.4f", champion)));
    }
}
