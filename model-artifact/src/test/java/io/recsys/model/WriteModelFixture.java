package io.recsys.model;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes {@link ModelArtifactTest#sample()} as {@code args[0]/model-v1}. Run once when the model
 * format gets a new version, commit the output as a new {@code fixtures/model-v<N>} folder and keep
 * the old ones: published models stay on the volume and in the registry, so each must go on loading.
 */
public final class WriteModelFixture {
    private WriteModelFixture() {}

    public static void main(String[] args) throws Exception {
        ModelArtifact.write(Files.createDirectories(Path.of(args[0]).resolve("model-v1")), ModelArtifactTest.sample());
    }
}
