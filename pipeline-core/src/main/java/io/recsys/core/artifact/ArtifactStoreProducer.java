package io.recsys.core.artifact;

import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The artifact store rooted at {@code recsys.home}. */
public class ArtifactStoreProducer {

    @Produces
    @Singleton
    ArtifactStore artifactStore(PipelineConfig config) {
        return new ArtifactStore(config.home());
    }
}
