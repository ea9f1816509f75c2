package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.csv.InputFailure;
import io.recsys.data.input.RowBatch;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken raw files: each gives an error naming the file, the line and the field. */
class InputValidationTest {
    private static final String HEADER = "user_id,product_id,rating,comment,cmt_date\n";

    @TempDir
    Path home;

    private RowBatch read(String content) throws Exception {
        return read(content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private RowBatch read(byte[] content, Map<String, String> config) throws Exception {
        Path raw = Files.createDirectories(home.resolve("raw")).resolve("data_reviews_purchase.csv");
        Files.write(raw, content);
        return new RefreshEngine(TestDataConfig.inputs(home, config)).readRaw(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void rowLevelProblemsAreRejectedWithFileLineAndFieldAndTheRestIsKept() throws Exception {
        RowBatch b = read(HEADER
                + "1,10,5,tốt,2025-05-01 10:00:00\n"
                + "2,11,9,,2025-05-01 10:00:00\n"
                + "3,12,abc,,2025-05-01 10:00:00\n"
                + ",13,4,,2025-05-01 10:00:00\n"
                + "5,,4,,2025-05-01 10:00:00\n"
                + "6,14,4,,01/05/2025\n"
                + "7,15,4,,2027-01-01 00:00:00\n"
                + "8,16,4\n");
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.rowsRead()).isEqualTo(8);
        assertThat(b.rejected).extracting(RejectedRow::line, RejectedRow::field, RejectedRow::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, "rating", RejectReason.RATING_OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple(4L, "rating", RejectReason.RATING_NOT_A_NUMBER),
                org.assertj.core.groups.Tuple.tuple(5L, "user", RejectReason.MISSING_USER_ID),
                org.assertj.core.groups.Tuple.tuple(6L, "product", RejectReason.MISSING_ITEM_ID),
                org.assertj.core.groups.Tuple.tuple(7L, "timestamp", RejectReason.UNPARSEABLE_TIMESTAMP),
                org.assertj.core.groups.Tuple.tuple(8L, "timestamp", RejectReason.FUTURE_TIMESTAMP),
                org.assertj.core.groups.Tuple.tuple(9L, "*", RejectReason.WRONG_FIELD_COUNT));
        assertThat(b.rejected.get(0).describe())
                .isEqualTo("data_reviews_purchase.csv, line 3, field 'rating': rating out of range: '9' not in [1, 5]");
        assertThat(b.rejected.get(0).raw()).isEqualTo("2|11|9||2025-05-01 10:00:00");
    }

    @Test
    void anUnclosedQuoteFailsTheFileAtItsLine() {
        assertThatThrownBy(() -> read(HEADER + "1,10,5,ok,2025-05-01 10:00:00\n2,11,4,\"never closed,2025-05-01 10:00:00\n"
                + "3,12,4,,2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("data_reviews_purchase.csv, line 3").hasMessageContaining("unclosed quote");
    }

    @Test
    void invalidUtf8FailsTheFileAtItsLine() {
        byte[] good = (HEADER + "1,10,5,ok,2025-05-01 10:00:00\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'2', ',', '1', '1', ',', '4', ',', (byte) 0xC3, (byte) 0x28, ',', '2', '0', '2', '5', '-', '0', '5',
                '-', '0', '1', '\n'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        assertThatThrownBy(() -> read(all, Map.of()))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("data_reviews_purchase.csv, line 3").hasMessageContaining("invalid UTF-8");
    }

    @Test
    void aMissingColumnIsNamed() {
        assertThatThrownBy(() -> read("user_id,product_id,comment,cmt_date\n1,10,ok,2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("line 1 (header): column 'rating' for the rating is missing");
    }

    @Test
    void anEmptyFileOrAHeaderWithoutRowsFails() {
        assertThatThrownBy(() -> read("")).isInstanceOf(InputFailure.class).hasMessageContaining("is empty (0 bytes)");
        assertThatThrownBy(() -> read(HEADER)).isInstanceOf(InputFailure.class).hasMessageContaining("no data rows");
    }

    @Test
    void aWrongDelimiterIsPointedOut() {
        assertThatThrownBy(() -> read("user_id;product_id;rating;comment;cmt_date\n1;10;5;ok;2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("column 'user_id'").hasMessageContaining("is the delimiter ',' right?");
    }

    @Test
    void aHeaderlessFileWithTheWrongDelimiterRejectsEveryRow() throws Exception {
        Map<String, String> tabs = TestDataConfig.movieLens(home.resolve("raw"));
        tabs = new java.util.HashMap<>(tabs);
        tabs.put("data.interactions.file", "data_reviews_purchase.csv");
        RowBatch b = read("1,10,5,874965758\n2,11,4,874965758\n".getBytes(StandardCharsets.UTF_8), tabs);
        assertThat(b.size()).isZero();
        assertThat(b.rejected).allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.WRONG_FIELD_COUNT));
        assertThat(b.rejected.get(0).detail()).isEqualTo("expected at least 4 fields, found 1");
    }
}
