package io.recsys.serving.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void idsAreVersionSevenUuidsOrderedByTheirMillisecond() {
        Random random = new Random(7);
        String early = RequestIds.next(1_764_800_000_000L, random);
        String later = RequestIds.next(1_764_800_000_001L, random);
        UUID u = UUID.fromString(early);
        assertThat(u.version()).isEqualTo(7);
        assertThat(u.variant()).isEqualTo(2);
        assertThat(u.getMostSignificantBits() >>> 16).isEqualTo(1_764_800_000_000L);
        assertThat(early.compareTo(later)).isNegative();
        Set<String> many = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            many.add(RequestIds.next());
        }
        assertThat(many).hasSize(10_000);
    }
}
