package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.csv.InputFailure;
import io.recsys.core.stage.ConfigurationError;
import io.recsys.data.input.RowBatch;
import io.recsys.data.validate.Quarantine;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectedRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken raw files: each gives an error naming the file, the line and the field. */
class InputValidationTest {
    private static final String HEADER = "user_id,product_id,rating,comment,cmt_date\n";

    @TempDir
    Path home;

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private RowBatch read(String content) throws Exception {
        return read(content.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private RowBatch read(String content, Map<String, String> config) throws Exception {
        return read(content.getBytes(StandardCharsets.UTF_8), config);
    }

    /** Reads {@code content} as the raw file; without a catalogue unless the config enables one. */
    private RowBatch read(byte[] content, Map<String, String> config) throws Exception {
        Path raw = Files.createDirectories(home.resolve("raw")).resolve("data_reviews_purchase.csv");
        Files.write(raw, content);
        Map<String, String> c = new HashMap<>(Map.of("data.products.enabled", "false"));
        c.putAll(config);
        return new RefreshEngine(TestDataConfig.inputs(home, c)).readRaw(NOW);
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
        assertThat(b.rejected)
                .extracting(RejectedRow::line, RejectedRow::field, RejectedRow::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(3L, "rating", RejectReason.RATING_OUT_OF_RANGE),
                        org.assertj.core.groups.Tuple.tuple(4L, "rating", RejectReason.RATING_NOT_A_NUMBER),
                        org.assertj.core.groups.Tuple.tuple(5L, "user", RejectReason.MISSING_USER_ID),
                        org.assertj.core.groups.Tuple.tuple(6L, "product", RejectReason.MISSING_ITEM_ID),
                        org.assertj.core.groups.Tuple.tuple(7L, "timestamp", RejectReason.UNPARSEABLE_TIMESTAMP),
                        org.assertj.core.groups.Tuple.tuple(8L, "timestamp", RejectReason.FUTURE_TIMESTAMP),
                        org.assertj.core.groups.Tuple.tuple(9L, "*", RejectReason.WRONG_FIELD_COUNT));
        assertThat(b.rejected.get(0).describe())
                .isEqualTo("data_reviews_purchase.csv, line 3, field 'rating': rating out of range: '9' not in [1, 5]");
        // the original text of the row, not its fields re-joined
        assertThat(b.rejected.get(0).raw()).isEqualTo("2,11,9,,2025-05-01 10:00:00");
        assertThat(b.rejected.get(6).detail()).isEqualTo("expected 5 fields (as the header), found 3");
    }

    @Test
    void anUnclosedQuoteFailsTheFileAtItsLine() {
        assertThatThrownBy(
                        () -> read(HEADER + "1,10,5,ok,2025-05-01 10:00:00\n2,11,4,\"never closed,2025-05-01 10:00:00\n"
                                + "3,12,4,,2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("data_reviews_purchase.csv, line 3")
                .hasMessageContaining("unclosed quote");
    }

    @Test
    void invalidUtf8FailsTheFileAtItsLine() {
        byte[] good = (HEADER + "1,10,5,ok,2025-05-01 10:00:00\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {
            '2',
            ',',
            '1',
            '1',
            ',',
            '4',
            ',',
            (byte) 0xC3,
            (byte) 0x28,
            ',',
            '2',
            '0',
            '2',
            '5',
            '-',
            '0',
            '5',
            '-',
            '0',
            '1',
            '\n'
        };
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        assertThatThrownBy(() -> read(all, Map.of()))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("data_reviews_purchase.csv, line 3")
                .hasMessageContaining("invalid UTF-8");
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
                .hasMessageContaining("column 'user_id'")
                .hasMessageContaining("is the delimiter ',' right?");
    }

    @Test
    void aHeaderlessFileWithTheWrongDelimiterRejectsEveryRow() throws Exception {
        Map<String, String> tabs = TestDataConfig.movieLens(home.resolve("raw"));
        tabs = new java.util.HashMap<>(tabs);
        tabs.put("data.interactions.file", "data_reviews_purchase.csv");
        RowBatch b = read("1,10,5,874965758\n2,11,4,874965758\n".getBytes(StandardCharsets.UTF_8), tabs);
        assertThat(b.size()).isZero();
        assertThat(b.rejected).allSatisfy(r -> assertThat(r.reason()).isEqualTo(RejectReason.WRONG_FIELD_COUNT));
        assertThat(b.rejected.get(0).detail()).isEqualTo("expected 4 fields, found 1");
    }

    @Test
    void aRowWithMoreOrFewerFieldsThanTheHeaderIsRejectedEvenWhenItsValuesLookValid() throws Exception {
        RowBatch b = read(HEADER
                + "1,10,5,ok,2025-05-01 10:00:00\n"
                // an unquoted comma in the comment shifted the date into a sixth field: every used field still parses
                + "2,11,4,good,2025-05-01 10:00:00,2025-05-02 09:00:00\n"
                + "3,12,4,2025-05-01 10:00:00\n");
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.rejected)
                .extracting(RejectedRow::line, RejectedRow::reason, RejectedRow::detail)
                .containsExactly(
                        Tuple.tuple(3L, RejectReason.WRONG_FIELD_COUNT, "expected 5 fields (as the header), found 6"),
                        Tuple.tuple(4L, RejectReason.WRONG_FIELD_COUNT, "expected 5 fields (as the header), found 4"));
    }

    @Test
    void aHeaderlessFileHasTheConfiguredFieldCount() throws Exception {
        Map<String, String> ml = new HashMap<>(TestDataConfig.movieLens(home.resolve("raw")));
        ml.put("data.interactions.file", "data_reviews_purchase.csv");
        ml.put("data.products.enabled", "false");
        String rows = "1\t10\t5\t874965758\n2\t11\t4\t874965758\t99\n";
        RowBatch b = read(rows, ml);
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.rejected).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo(2);
            assertThat(r.detail()).isEqualTo("expected 4 fields, found 5");
        });
        ml.put("data.interactions.field-count", "5");
        RowBatch five = read(rows, ml);
        assertThat(five.size()).isEqualTo(1);
        assertThat(five.rejected)
                .singleElement()
                .satisfies(r -> assertThat(r.line()).isEqualTo(1));

        ml.put("data.interactions.field-count", "3");
        assertThatThrownBy(() -> TestDataConfig.inputs(home, ml))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("data.interactions.field-count = 3 leaves no room for column index 3");
        assertThatThrownBy(() -> TestDataConfig.inputs(home, Map.of("data.interactions.field-count", "5")))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("is for files without a header");
    }

    @Test
    void halfStarsStagedIntoAWholeStarRawFileAreRefusedAtStart() throws Exception {
        // Merged, they would make every later full rebuild reject them.
        assertThatThrownBy(() -> TestDataConfig.inputs(home, Map.of("data.staging.rating-type", "decimal")))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("data.staging.rating-type=decimal");
        TestDataConfig.inputs(
                home, Map.of("data.staging.rating-type", "decimal", "data.interactions.rating-type", "decimal"));
    }

    @Test
    void ratingsMustFitTheDeclaredRatingType() throws Exception {
        String rows = HEADER
                + "1,10,4.5,,2025-05-01 10:00:00\n"
                + "2,11,4.0,,2025-05-01 10:00:00\n"
                + "3,12,5d,,2025-05-01 10:00:00\n"
                + "4,13,0x1p2,,2025-05-01 10:00:00\n"
                + "5,14,NaN,,2025-05-01 10:00:00\n"
                + "6,15,3,,2025-05-01 10:00:00\n";
        RowBatch integer = read(rows);
        assertThat(integer.rejected)
                .extracting(RejectedRow::line, RejectedRow::reason)
                .containsExactly(
                        Tuple.tuple(2L, RejectReason.RATING_NOT_INTEGER),
                        Tuple.tuple(4L, RejectReason.RATING_NOT_A_NUMBER),
                        Tuple.tuple(5L, RejectReason.RATING_NOT_A_NUMBER),
                        Tuple.tuple(6L, RejectReason.RATING_NOT_A_NUMBER));
        assertThat(integer.rejected.get(0).describe())
                .contains("field 'rating'")
                .contains("'4.5'");
        assertThat(integer.size()).isEqualTo(2); // 4.0 is four whole stars

        RowBatch decimal = read(rows, Map.of("data.interactions.rating-type", "decimal"));
        assertThat(decimal.size()).isEqualTo(3);
        assertThat(decimal.rating.get(0)).isEqualTo(4.5f);
    }

    @Test
    void aControlCharacterInAFieldRejectsTheRowButTabsAndLineBreaksInAQuotedCommentPass() throws Exception {
        RowBatch b = read(HEADER
                + "1,10,5,go\u0000od,2025-05-01 10:00:00\n"
                + "2,11,4,bad\u001B[31m,2025-05-01 10:00:00\n"
                + "3,12,4,\"two\nlines\twith a tab\",2025-05-01 10:00:00\n");
        assertThat(b.rejected)
                .extracting(RejectedRow::line, RejectedRow::field, RejectedRow::reason)
                .containsExactly(
                        Tuple.tuple(2L, "comment", RejectReason.CONTROL_CHARACTER),
                        Tuple.tuple(3L, "comment", RejectReason.CONTROL_CHARACTER));
        assertThat(b.rejected.get(0).detail()).isEqualTo("U+0000 (NUL) at character 3 of the field");
        assertThat(b.rejected.get(0).raw()).isEqualTo("1,10,5,go\u0000od,2025-05-01 10:00:00");
        assertThat(b.size()).isEqualTo(1);
        assertThat(b.line.get(0))
                .as("a multi-line row is reported at the line where it starts")
                .isEqualTo(4);
    }

    @Test
    void interactionsOfProductsNotInTheCatalogueAreQuarantinedOrKeptAsConfigured() throws Exception {
        Files.createDirectories(home.resolve("raw"));
        Files.writeString(home.resolve("raw/data_product.csv"), "product_id,product_name\n10,Serum\n11,Son\n");
        String rows = HEADER
                + "1,10,5,,2025-05-01 10:00:00\n"
                + "1,99,4,,2025-05-01 11:00:00\n"
                + "2,11,4,,2025-05-01 10:00:00\n";
        RowBatch quarantined = read(rows, Map.of("data.products.enabled", "true"));
        assertThat(quarantined.size()).isEqualTo(2);
        assertThat(quarantined.rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_PRODUCT);
            assertThat(r.describe())
                    .isEqualTo("data_reviews_purchase.csv, line 3, field 'product': product not in"
                            + " the catalogue: '99' is not in the catalogue");
        });

        RowBatch kept = read(rows, Map.of("data.products.enabled", "true", "data.validation.unknown-products", "keep"));
        assertThat(kept.size()).isEqualTo(3);
        assertThat(kept.rejected).isEmpty();
        assertThat(kept.unknownProductRows()).isEqualTo(1);
        assertThat(kept.unknownProducts()).containsExactly("99");

        RowBatch unchecked = read(rows); // no catalogue: nothing to check against
        assertThat(unchecked.size()).isEqualTo(3);
        assertThat(unchecked.unknownProductRows()).isZero();
    }

    @Test
    void aStrayQuoteClosedLinesLaterNamesTheLineWhereItOpened() {
        assertThatThrownBy(() -> read(HEADER
                        + "1,10,5,ok,2025-05-01 10:00:00\n"
                        + "2,11,4,\"stray,2025-05-01 10:00:00\n"
                        + "3,12,4,,2025-05-01 10:00:00\n"
                        + "4,13,4,\"fine\" indeed,2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessageStartingWith("data_reviews_purchase.csv, line 3: the quoted field opened on this line,"
                        + " runs on to line 5, is closed and followed by text before the delimiter");
    }

    @Test
    void anUnclosedQuoteAfterEmptyLinesAndAMultiLineRowNamesTheLineItOpenedOn() {
        assertThatThrownBy(() -> read(HEADER
                        + "1,10,5,\"two\nlines\",2025-05-01 10:00:00\n"
                        + "\n\n"
                        + "2,11,4,,2025-05-01 10:00:00,\"never closed\n"
                        + "3,12,4,,2025-05-01 10:00:00\n"))
                .isInstanceOf(InputFailure.class)
                .hasMessage("data_reviews_purchase.csv, line 6: unclosed quote (\") — the quoted field opened on this"
                        + " line runs to the end of the file");
    }

    @Test
    void aDirectoryWhereTheFileShouldBeIsCalledADirectory() throws Exception {
        Files.createDirectories(home.resolve("raw/data_reviews_purchase.csv"));
        assertThatThrownBy(
                        () -> new RefreshEngine(TestDataConfig.inputs(home, Map.of("data.products.enabled", "false")))
                                .readRaw(NOW))
                .isInstanceOf(InputFailure.class)
                .hasMessageContaining("data_reviews_purchase.csv")
                .hasMessageContaining("is a directory, not a file")
                .hasMessageNotContaining("not found");
    }

    @Test
    void aFileThisProcessMayNotReadIsNamedWithThePermissionEvenForRoot() throws Exception {
        // Root reads a mode-000 file, but not a write-only sysctl: the kernel refuses it to everyone.
        Path writeOnly = Path.of("/proc/sys/vm/drop_caches");
        Assumptions.assumeTrue(
                Files.exists(writeOnly) && !Files.isReadable(writeOnly),
                "needs Linux's write-only /proc/sys/vm/drop_caches");
        Map<String, String> c = Map.of(
                "data.raw-dir",
                writeOnly.getParent().toString(),
                "data.interactions.file",
                "drop_caches",
                "data.products.enabled",
                "false");
        assertThatThrownBy(() -> new RefreshEngine(TestDataConfig.inputs(home, c)).readRaw(NOW))
                .isInstanceOf(InputFailure.class)
                .hasMessageStartingWith("drop_caches: /proc/sys/vm/drop_caches is not readable by this process")
                .hasMessageContaining("permission denied, mode -w-------");
    }

    @Test
    void aModeZeroRawFileIsAPermissionProblemNotAnIoError() throws Exception {
        Assumptions.assumeFalse(
                "root".equals(System.getProperty("user.name")),
                "root reads a mode-000 file (CAP_DAC_OVERRIDE); the sysctl test above covers root");
        Path raw = Files.createDirectories(home.resolve("raw")).resolve("data_reviews_purchase.csv");
        Files.writeString(raw, HEADER + "1,10,5,ok,2025-05-01 10:00:00\n");
        Files.setPosixFilePermissions(raw, java.util.Set.of());
        try {
            assertThatThrownBy(() -> new RefreshEngine(
                                    TestDataConfig.inputs(home, Map.of("data.products.enabled", "false")))
                            .readRaw(NOW))
                    .isInstanceOf(InputFailure.class)
                    .hasMessageContaining("data_reviews_purchase.csv")
                    .hasMessageContaining("is not readable by this" + " process")
                    .hasMessageContaining("mode ---------");
        } finally {
            Files.setPosixFilePermissions(raw, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aQuarantinedRowIsKeptVerbatimAndCanBeReStagedOnceFixed() throws Exception {
        String stagingHeader = "user_id,product_id,rating,comment,timestamp\n";
        String original = "7,20,9,\"Rất tốt, \"\"chuẩn\"\" hàng\nsẽ mua lại\",2025-12-01T10:00:00Z";
        Path staging = Files.createDirectories(home.resolve("staging")).resolve("new_interactions.csv");
        Files.writeString(staging, stagingHeader + "7,21,5,ok,2025-12-01T09:00:00Z\n" + original + "\r\n");
        RefreshEngine engine = new RefreshEngine(TestDataConfig.inputs(home, Map.of("data.products.enabled", "false")));
        RowBatch first = engine.readStaging(NOW);
        assertThat(first.rejected).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RejectReason.RATING_OUT_OF_RANGE);
            assertThat(r.line()).isEqualTo(3);
            assertThat(r.raw()).isEqualTo(original);
        });

        Path quarantine = home.resolve("quarantine/q.csv");
        Quarantine.write(quarantine, first.rejected);
        String raw;
        try (var parser = org.apache.commons.csv.CSVParser.parse(
                quarantine,
                StandardCharsets.UTF_8,
                org.apache.commons.csv.CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get())) {
            raw = parser.getRecords().get(0).get("raw_row");
        }
        assertThat(raw).isEqualTo(original);

        // The operator fixes the rating and stages the row again, as it was.
        Files.writeString(staging, stagingHeader + raw.replace("7,20,9,", "7,20,5,") + "\n");
        RowBatch again = engine.readStaging(NOW);
        assertThat(again.rejected).isEmpty();
        assertThat(again.size()).isEqualTo(1);
        assertThat(again.rating.get(0)).isEqualTo(5f);
        assertThat(again.comments.get(0)).isEqualTo("Rất tốt, \"chuẩn\" hàng\nsẽ mua lại");
    }
}
