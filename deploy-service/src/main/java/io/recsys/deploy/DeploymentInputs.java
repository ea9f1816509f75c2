package io.recsys.deploy;

import io.recsys.core.deploy.DeploymentAction;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.stage.StageInputs;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployment would put behind the alias: the model and how it was chosen. No target (no
 * champion yet, and none named) records no input versions.
 */
public record DeploymentInputs(DeploymentAction action, Optional<ModelVersion> target) implements StageInputs {

    @Override
    public Map<String, Object> asLedgerMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        target.ifPresent(t -> {
            m.put("model_id", t.id());
            m.put("model_manifest_sha256", t.manifestSha256());
        });
        return m;
    }
}
