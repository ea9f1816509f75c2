package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.data.input.TimestampParser;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimestampParserTest {
    private static final long MAY_1_2025_1345_UTC = 1746107100L;

    @Test
    void isoAcceptsSpaceTDateOnlyAndOffsets() throws Exception {
        TimestampParser utc = TimestampParser.of("iso", ZoneId.of("UTC"));
        assertThat(utc.epochSeconds("2025-05-01 13:45:00")).isEqualTo(MAY_1_2025_1345_UTC);
        assertThat(utc.epochSeconds("2025-05-01T13:45:00")).isEqualTo(MAY_1_2025_1345_UTC);
        assertThat(utc.epochSeconds("2025-05-01T13:45:00Z")).isEqualTo(MAY_1_2025_1345_UTC);
        assertThat(utc.epochSeconds("2025-05-01T20:45:00+07:00")).isEqualTo(MAY_1_2025_1345_UTC);
        assertThat(utc.epochSeconds("2025-05-01")).isEqualTo(MAY_1_2025_1345_UTC - 13 * 3600 - 45 * 60);
    }

    @Test
    void zonelessTimesUseTheConfiguredZone() throws Exception {
        TimestampParser hcm = TimestampParser.of("iso", ZoneId.of("Asia/Ho_Chi_Minh"));
        assertThat(hcm.epochSeconds("2025-05-01 20:45:00")).isEqualTo(MAY_1_2025_1345_UTC);
        assertThat(hcm.format(MAY_1_2025_1345_UTC)).isEqualTo("2025-05-01 20:45:00");
    }

    @Test
    void epochAndPatternFormats() throws Exception {
        assertThat(TimestampParser.of("epoch-seconds", ZoneId.of("UTC")).epochSeconds("874965758"))
                .isEqualTo(874965758L);
        TimestampParser pattern = TimestampParser.of("dd/MM/yyyy HH:mm", ZoneId.of("UTC"));
        assertThat(pattern.epochSeconds("01/05/2025 13:45")).isEqualTo(MAY_1_2025_1345_UTC);
    }

    @Test
    void badDatesSayWhatWasExpected() {
        TimestampParser utc = TimestampParser.of("iso", ZoneId.of("UTC"));
        assertThatThrownBy(() -> utc.epochSeconds("2025-13-45 25:00:00"))
                .isInstanceOf(TimestampParser.BadTimestamp.class)
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> utc.epochSeconds("2025-02-30 10:00:00"))
                .isInstanceOf(TimestampParser.BadTimestamp.class);
        assertThatThrownBy(() -> TimestampParser.of("epoch", ZoneId.of("UTC")).epochSeconds("yesterday"))
                .hasMessageContaining("not epoch seconds");
    }
}
