package io.recsys.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.recsys.data.input.ProductCatalog;
import io.recsys.data.snapshot.Snapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** MovieLens-100K, read in place from ../shared/datasets through configuration alone. */
class MovieLensTest {

    @Test
    void movieLens100kGivesTheKnownShapeAndOneTestInteractionPerTrainableUser() throws Exception {
        Path dir = TestDataConfig.sharedDatasets().resolve("ml-100k");
        assertThat(dir.resolve("u.data"))
                .as("the shared MovieLens-100K dataset")
                .exists();
        RefreshInputs in = TestDataConfig.inputs(Files.createTempDirectory("ml-home"), TestDataConfig.movieLens(dir));
        RefreshEngine engine = new RefreshEngine(in);
        RefreshEngine.Built built = engine.full(engine.readRaw(Instant.now()), null, null);
        Snapshot s = built.snapshot();

        // whole stars, four fields a row, every item in u.item, no repeats: nothing left out
        assertThat(built.rejected()).isEmpty();
        assertThat(built.duplicates()).isEmpty();
        assertThat(s.table().size()).isEqualTo(100_000);
        assertThat(s.table().userIds).hasSize(943);
        assertThat(s.table().itemIds).hasSize(1682);
        assertThat(s.trainableUsers()).hasSize(943);
        assertThat(s.coldStartUsers()).isEmpty();
        assertThat(s.testItem()).hasSize(943);
        Set<Integer> testUsers = new HashSet<>();
        for (int u : s.trainableUsers()) {
            testUsers.add(u);
        }
        assertThat(testUsers).hasSize(943);
        assertThat(s.trainInteractions() + s.testItem().length).isEqualTo(100_000);
        assertThat(s.confidence().rows()).isEqualTo(943);
        assertThat(s.confidence().cols()).isEqualTo(1682);

        ProductCatalog items = ProductCatalog.read(in.products, in.productIdColumn);
        assertThat(items.productIds()).hasSize(1682).containsAll(s.table().itemIds);
    }
}
