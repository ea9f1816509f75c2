package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.data.features.CommentQualityScorer;
import java.text.Normalizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommentQualityScorerTest {
    private final CommentQualityScorer scorer = new CommentQualityScorer(
            List.of("thấm nhanh", "hiệu quả", "thơm", "mịn", "sáng da", "dưỡng ẩm", "tốt", "đẹp"),
            List.of("không thích", "dở", "tệ", "kém", "giả"));

    @Test
    void emptyCommentsScoreZeroAndNeutralOnesHalf() {
        assertThat(scorer.score("")).isEqualTo(0f);
        assertThat(scorer.score("   ")).isEqualTo(0f);
        assertThat(scorer.score(null)).isEqualTo(0f);
        assertThat(scorer.score("Giao hàng nhanh")).isEqualTo(0.5f);
    }

    @Test
    void eachKeywordPresentMovesTheScoreByATenth() {
        assertThat(scorer.score("Sản phẩm tốt")).isEqualTo(0.6f);
        assertThat(scorer.score("Rất TỐT, thấm nhanh, mùi thơm")).isEqualTo(0.8f);
        assertThat(scorer.score("Chất lượng kém, tệ")).isEqualTo(0.3f);
        assertThat(scorer.score("tốt nhưng tệ")).isEqualTo(0.5f);
    }

    @Test
    void scoreIsClampedToOne() {
        assertThat(scorer.score("tốt đẹp thơm mịn sáng da dưỡng ẩm hiệu quả thấm nhanh"))
                .isEqualTo(1.0f);
    }

    @Test
    void decomposedDiacriticsStillMatch() {
        String nfd = Normalizer.normalize("Dưỡng ẩm rất tốt", Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo("Dưỡng ẩm rất tốt");
        assertThat(scorer.score(nfd)).isEqualTo(0.7f);
    }
}
