package io.recsys.data.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.recsys.core.config.PipelineConfig;
import io.recsys.core.stage.InvalidInvocationException;
import io.recsys.core.testing.ConfigProxy;
import io.recsys.data.config.DataConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drifted-batch's refusals (exit 2 through PipelineMain): bad options, no raw file, a waiting batch. */
class DriftedBatchOptionsTest {
    @TempDir
    Path home;

    private DriftedBatchCommand command() {
        return new DriftedBatchCommand(
                ConfigProxy.of(PipelineConfig.class, Map.of("home", home)),
                ConfigProxy.of(
                        DataConfig.class,
                        Map.of(
                                "rawDir", Optional.empty(),
                                "stagingDir", Optional.empty(),
                                "interactions",
                                        ConfigProxy.of(
                                                DataConfig.InteractionFile.class,
                                                Map.of(
                                                        "file",
                                                        "data_reviews_purchase.csv",
                                                        "columns",
                                                        ConfigProxy.of(
                                                                DataConfig.InteractionColumns.class,
                                                                Map.of("user", "user_id", "item", "product_id")))),
                                "staging",
                                        ConfigProxy.of(
                                                DataConfig.StagingFile.class,
                                                Map.of(
                                                        "file", "new_interactions.csv",
                                                        "userColumn", "user_id",
                                                        "itemColumn", "product_id",
                                                        "ratingColumn", "rating",
                                                        "commentColumn", "comment",
                                                        "timestampColumn", "timestamp")))));
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        assertThatThrownBy(() -> command().run(List.of("--rows", "0")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("--rows must be in 1..1000000, got 0");
        assertThatThrownBy(() -> command().run(List.of("--rating", "six")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("--rating needs a whole number, got 'six'");
        assertThatThrownBy(() -> command().run(List.of("--bogus", "1")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("unknown option '--bogus'");
        assertThatThrownBy(() -> command().run(List.of("--rows")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("--rows needs a value");
    }

    @Test
    void withoutARawFileOrWithABatchWaitingNothingIsWritten() throws Exception {
        assertThatThrownBy(() -> command().run(List.of()))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("no raw interactions at " + home.resolve("raw/data_reviews_purchase.csv"));
        Files.createDirectories(home.resolve("raw"));
        Files.writeString(
                home.resolve("raw/data_reviews_purchase.csv"),
                "user_id,product_id,rating,comment,cmt_date\nu1,p1,5,,2025-01-01 10:00:00\n");
        Path waiting = Files.createDirectories(home.resolve("staging")).resolve("new_interactions.csv");
        Files.writeString(waiting, "user_id,product_id,rating,comment,timestamp\nu9,p9,4,,2025-02-01T00:00:00Z\n");
        assertThatThrownBy(() -> command().run(List.of("--rows", "10")))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageContaining("a staging batch is already waiting at " + waiting);
        assertThat(Files.readString(waiting)).contains("u9,p9,4");
        try (var left = Files.list(home.resolve("staging"))) {
            assertThat(left.toList()).as("no partial file left behind").containsExactly(waiting);
        }
        // once it is taken in, the drifted batch is written from the raw file's pairs
        Files.delete(waiting);
        assertThat(command().run(List.of("--rows", "10", "--rating", "2"))).isZero();
        List<String> lines = Files.readAllLines(waiting);
        assertThat(lines).hasSize(11);
        assertThat(lines.subList(1, 11)).allSatisfy(l -> assertThat(l).startsWith("u1,p1,2,"));
    }
}
