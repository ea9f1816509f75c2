package io.recsys.data.features;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * The seed's comment-quality score: 0.5, plus 0.1 for each positive keyword present, minus 0.1 for
 * each negative one, clamped to [0, 1]; an empty comment scores 0. Matching is on lower-cased,
 * NFC-normalised text, so decomposed Vietnamese diacritics still match.
 */
public final class CommentQualityScorer {
    private final String[] positive;
    private final String[] negative;

    public CommentQualityScorer(List<String> positiveKeywords, List<String> negativeKeywords) {
        this.positive = positiveKeywords.stream()
                .map(CommentQualityScorer::normalise)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
        this.negative = negativeKeywords.stream()
                .map(CommentQualityScorer::normalise)
                .filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }

    public float score(String comment) {
        if (comment == null || comment.isBlank()) {
            return 0f;
        }
        String text = normalise(comment);
        int score = 5; // tenths, so the arithmetic is exact
        for (String kw : positive) {
            if (text.contains(kw)) {
                score++;
            }
        }
        for (String kw : negative) {
            if (text.contains(kw)) {
                score--;
            }
        }
        return Math.max(0, Math.min(10, score)) / 10f;
    }

    private static String normalise(String s) {
        String n = Normalizer.isNormalized(s, Normalizer.Form.NFC) ? s : Normalizer.normalize(s, Normalizer.Form.NFC);
        return n.toLowerCase(Locale.ROOT).trim();
    }
}
