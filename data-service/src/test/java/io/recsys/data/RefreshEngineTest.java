package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.artifact.snapshot.SnapshotWriter;
import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.stage.StageFailure;
import io.recsys.data.demo.DemoDataGenerator;
import io.recsys.data.input.RowBatch;
import io.recsys.data.staging.RawFileMerger;
import io.recsys.data.validate.RejectReason;
import io.recsys.data.validate.RejectionBounds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RefreshEngineTest {
    @TempDir
    Path home;

    @Test
    void anIncrementalUpdateGivesTheSameSnapshotAsAFullRebuildOfTheMergedData() throws Exception {
        new DemoDataGenerator(new DemoDataGenerator.Spec(4000, 300, 120, 60, 0.01, 7)).write(home);
        RefreshInputs in = TestDataConfig.inputs(home, Map.of());
        RefreshEngine engine = new RefreshEngine(in);
        Instant now = Instant.now();

        RefreshEngine.Built base = engine.full(engine.readRaw(now), null, null);
        RowBatch staging = engine.readStaging(now);
        RefreshEngine.Outcome outcome =
                engine.incremental(base.snapshot().table(), base.snapshot().trainableUsers().length, 0, staging, null);
        assertThat(outcome).isInstanceOf(RefreshEngine.Built.class);
        RefreshEngine.Built incremental = (RefreshEngine.Built) outcome;
        assertThat(incremental.mode()).isEqualTo(RefreshEngine.Mode.INCREMENTAL);
        assertThat(incremental.snapshot().table().size())
                .isGreaterThan(base.snapshot().table().size());
        // the demo batch brings new users and products: rows and columns are appended
        assertThat(incremental.snapshot().trainableUsers().length)
                .isGreaterThan(base.snapshot().trainableUsers().length);
        assertThat(incremental.snapshot().table().itemIds.size())
                .isGreaterThan(base.snapshot().table().itemIds.size());
        // ...but the product the catalogue does not have yet is quarantined, not published
        assertThat(incremental.rejected()).extracting(r -> r.reason()).contains(RejectReason.UNKNOWN_PRODUCT);
        assertThat(incremental.snapshot().table().itemIds).doesNotContain("200122");

        // Merge the batch into the raw file the way the stage does, then rebuild everything from it.
        Path merged = RawFileMerger.writeMerged(in.raw, in.rawMergeColumns(), in.rawTimestamps, staging);
        RawFileMerger.commit(in.raw.file(), merged, now);
        RefreshEngine.Built full = engine.full(engine.readRaw(now), null, null);

        assertThat(full.snapshot().table()).isEqualTo(incremental.snapshot().table());
        Path a = Files.createDirectories(home.resolve("a"));
        Path b = Files.createDirectories(home.resolve("b"));
        SnapshotWriter.write(a, incremental.snapshot().toContent(Map.of()));
        SnapshotWriter.write(b, full.snapshot().toContent(Map.of()));
        Map<String, String> hashesA = hashes(a);
        assertThat(hashesA).hasSizeGreaterThan(20);
        assertThat(hashesA).isEqualTo(hashes(b));
    }

    @Test
    void theDemoDataHasEveryKindOfBadRowAndStaysUnderTheRejectionBound() throws Exception {
        new DemoDataGenerator(DemoDataGenerator.Spec.ofInteractions(6000, 3)).write(home);
        RefreshEngine engine = new RefreshEngine(TestDataConfig.inputs(home, Map.of()));
        RefreshEngine.Built built = engine.full(engine.readRaw(Instant.now()), null, null);
        assertThat(built.rejected())
                .extracting(r -> r.reason())
                .contains(
                        RejectReason.RATING_OUT_OF_RANGE,
                        RejectReason.RATING_NOT_A_NUMBER,
                        RejectReason.MISSING_USER_ID,
                        RejectReason.UNPARSEABLE_TIMESTAMP,
                        RejectReason.FUTURE_TIMESTAMP)
                .doesNotContain(RejectReason.DUPLICATE);
        assertThat(built.rejectedShare()).isGreaterThan(0).isLessThan(0.05);
        assertThat(built.snapshot().table().size()).isEqualTo(6000);
        // duplicates are counted apart, each quoted as the line it is in the file
        List<String> lines = Files.readAllLines(home.resolve("raw/data_reviews_purchase.csv"));
        assertThat(built.duplicates()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.reason()).isEqualTo(RejectReason.DUPLICATE);
            assertThat(d.raw()).isEqualTo(lines.get((int) d.line() - 1));
            assertThat(d.detail()).startsWith("repeated by data_reviews_purchase.csv line " + (d.line() + 1));
        });
    }

    @Test
    void exactDuplicatesAreReportedApartAndDoNotCountAgainstTheRejectionBound() throws Exception {
        StringBuilder csv = new StringBuilder("user_id,product_id,rating,comment,cmt_date\n");
        for (int i = 0; i < 100; i++) {
            String row = (i % 10) + "," + (100 + i) + ",4,tốt,2025-06-01 10:" + String.format("%02d", i % 60) + ":00\n";
            csv.append(row);
            if (i % 3 == 0) {
                csv.append(row); // 34 harmless repeats, 25% of the rows
            }
        }
        csv.append("0,100,5,changed my mind,2025-06-01 10:00:00\n"); // same key, another rating: supersedes
        Files.createDirectories(home.resolve("raw"));
        Files.writeString(home.resolve("raw/data_reviews_purchase.csv"), csv.toString());
        RefreshEngine engine = new RefreshEngine(TestDataConfig.inputs(home, Map.of("data.products.enabled", "false")));
        RefreshEngine.Built built = engine.full(engine.readRaw(Instant.now()), null, null);
        assertThat(built.rowsRead()).isEqualTo(135);
        assertThat(built.rejected()).isEmpty();
        assertThat(built.rejectedShare()).isZero();
        assertThat(built.duplicates()).hasSize(35);
        assertThat(built.duplicates())
                .filteredOn(d -> d.detail().startsWith("superseded"))
                .singleElement()
                .satisfies(d -> assertThat(d.detail()).contains("rating 4 -> 5"));
        assertThat(built.snapshot().table().size()).isEqualTo(100);

        // no bound by default; a configured one holds
        new RejectionBounds(0.05, Optional.empty()).check(built.rejected(), built.duplicates(), built.rowsRead(), null);
        assertThatThrownBy(() -> new RejectionBounds(0.05, Optional.of(0.2))
                        .check(built.rejected(), built.duplicates(), built.rowsRead(), null))
                .isInstanceOf(StageFailure.class)
                .hasMessageStartingWith("35 of 135 rows (25.9%) repeat an earlier (user, product, time), above"
                        + " data.validation.max-duplicate-share = 20.0%; nothing published");
    }

    @Test
    void theGeneratorIsDeterministicForASeed() throws Exception {
        Path other = Files.createDirectories(home.resolve("other"));
        new DemoDataGenerator(DemoDataGenerator.Spec.ofInteractions(2000, 11)).write(home);
        new DemoDataGenerator(DemoDataGenerator.Spec.ofInteractions(2000, 11)).write(other);
        assertThat(Files.readString(home.resolve("raw/data_reviews_purchase.csv")))
                .isEqualTo(Files.readString(other.resolve("raw/data_reviews_purchase.csv")));
        assertThat(Files.readString(home.resolve("staging/new_interactions.csv")))
                .isEqualTo(Files.readString(other.resolve("staging/new_interactions.csv")));
    }

    private static Map<String, String> hashes(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(dir.relativize(f).toString(), ArtifactStore.sha256(f));
            }
        }
        return m;
    }
}
