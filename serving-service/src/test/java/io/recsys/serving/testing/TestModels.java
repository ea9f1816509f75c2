package io.recsys.serving.testing;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelState;
import io.recsys.core.registry.ModelType;
import io.recsys.core.registry.ModelVersion;
import io.recsys.math.CsrMatrix;
import io.recsys.math.Factors;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Small models with answers that can be worked out by hand, published and registered the way
 * training does it.
 *
 * <p>Items p0..p4 have 2-d factors p0 (1,0), p1 (0.9,0.1), p2 (0,1), p3 (0.5,0.5), p4 (-1,0).
 * User u0 = (1,0) has seen p0: dot products p1 0.9, p3 0.5, p2 0, p4 -1. User u1 = (0,1) has seen
 * nothing. Popularity: p2 9, p0 7, p3 7, p1 1, p4 0 (ties by row: p0 before p3). c9 is a
 * cold-start user.
 */
public final class TestModels {
    public static final List<String> ITEMS = List.of("p0", "p1", "p2", "p3", "p4");

    private TestModels() {}

    public static ModelContent content(String modelId, float[] itemFactors, int k) {
        Factors users = new Factors(2, k, k == 2 ? new float[] {1, 0, 0, 1} : new float[2 * k]);
        Factors items = new Factors(5, k, itemFactors);
        CsrMatrix seen = CsrMatrix.fromTriples(2, 5, new int[] {0}, new int[] {0}, new float[] {1});
        return new ModelContent(
                users,
                items,
                List.of("u0", "u1"),
                ITEMS,
                List.of("c9"),
                seen,
                new int[] {7, 1, 9, 7, 0},
                Map.of("model_id", modelId, "model_type", "ALS", "data_snapshot", "snap-1"));
    }

    public static ModelContent good(String modelId) {
        return content(modelId, new float[] {1, 0, 0.9f, 0.1f, 0, 1, 0.5f, 0.5f, -1, 0}, 2);
    }

    /** A model whose files are consistent with its manifest but hold a NaN. */
    public static ModelContent withNaN(String modelId) {
        return content(modelId, new float[] {1, 0, Float.NaN, 0.1f, 0, 1, 0.5f, 0.5f, -1, 0}, 2);
    }

    /** Item factors one column wider than the user factors. */
    public static ModelContent wrongWidth(String modelId) {
        ModelContent ok = good(modelId);
        return new ModelContent(
                ok.users(),
                new Factors(5, 3, new float[15]),
                ok.userIds(),
                ok.itemIds(),
                ok.coldStartUsers(),
                ok.seen(),
                ok.itemPopularity(),
                ok.card());
    }

    /** {@link #good} as {@code modelId}, promoted to production and loaded by the replica under test. */
    public static void serve(ArtifactStore store, ModelRegistry registry, ModelAliases aliases, String modelId)
            throws Exception {
        aliases.move(
                ModelAliases.PRODUCTION,
                publish(store, registry, good(modelId)).id(),
                DeploymentAction.PROMOTE,
                "CLI",
                null,
                null);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .untilAsserted(() -> io.restassured.RestAssured.given()
                        .get("/health")
                        .then()
                        .statusCode(200)
                        .body("model_id", org.hamcrest.Matchers.equalTo(modelId)));
    }

    public static ModelVersion publish(ArtifactStore store, ModelRegistry registry, ModelContent content)
            throws Exception {
        return publish(store, registry, content, content.modelId());
    }

    public static ModelVersion publish(ArtifactStore store, ModelRegistry registry, ModelContent content, String id)
            throws Exception {
        return publish(store, registry, content, id, ModelType.ALS);
    }

    public static ModelVersion publish(
            ArtifactStore store, ModelRegistry registry, ModelContent content, String id, ModelType type)
            throws Exception {
        store.publish("models", id, Map.of(), dir -> ModelArtifact.write(dir, content));
        Path dir = store.area("models").resolve(id);
        Instant now = Instant.now();
        ModelVersion v = new ModelVersion(
                id,
                type,
                ModelState.CANDIDATE,
                "snap-1",
                Map.of(),
                1,
                Map.of("recall@10", 0.2),
                Map.of("recall@10", 0.1),
                Map.of(),
                dir.toString(),
                store.manifestDigest(dir),
                "test",
                null,
                now,
                now);
        registry.register(v);
        return v;
    }
}
