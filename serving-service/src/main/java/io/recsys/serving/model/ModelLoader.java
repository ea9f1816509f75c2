package io.recsys.serving.model;

import io.recsys.core.artifact.ArtifactStore;
import io.recsys.core.artifact.ArtifactVerificationException;
import io.recsys.core.registry.ModelVersion;
import io.recsys.model.InvalidModelException;
import io.recsys.model.ModelArtifact;
import io.recsys.model.ModelContent;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Loads a registered model beside the one being served and checks it before anyone may use it:
 * every file against the manifest (size, sha256), the manifest against the one registered, then
 * shapes, finite values and mappings ({@link ModelArtifact#read}).
 */
@ApplicationScoped
public class ModelLoader {
    private final ArtifactStore store;

    public ModelLoader(ArtifactStore store) {
        this.store = store;
    }

    public ServedModel load(ModelVersion version) throws IOException {
        Path dir = Path.of(version.artifactPath());
        store.verify(dir);
        String digest = store.manifestDigest(dir);
        if (!digest.equals(version.manifestSha256())) {
            throw new ArtifactVerificationException(dir + ": manifest sha256 " + digest
                    + " differs from the one registered for " + version.id() + " (" + version.manifestSha256() + ")");
        }
        ModelContent content = ModelArtifact.read(dir);
        if (!version.id().equals(content.modelId())) {
            throw new InvalidModelException(
                    dir.resolve(ModelArtifact.CARD),
                    "names model " + content.modelId() + " but the registry entry is " + version.id());
        }
        return new ServedModel(content, digest, Instant.now());
    }
}
