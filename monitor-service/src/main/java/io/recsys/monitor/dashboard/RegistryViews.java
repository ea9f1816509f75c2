package io.recsys.monitor.dashboard;

import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.registry.ModelVersion;
import io.recsys.core.registry.StateChange;
import java.util.LinkedHashMap;
import java.util.Map;

/** The JSON shapes of registry rows, shared by the registry API and the dashboard's summary. */
final class RegistryViews {
    private RegistryViews() {}

    static Map<String, Object> model(ModelVersion v, String productionId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", v.id());
        m.put("type", v.type().name());
        m.put("state", v.state().name());
        m.put("state_reason", v.stateReason());
        m.put("state_changed_at", v.stateChangedAt().toString());
        m.put("created_at", v.createdAt().toString());
        m.put("production", v.id().equals(productionId));
        m.put("data_snapshot", v.dataSnapshot());
        m.put("run_id", v.runId() == null ? null : v.runId().toString());
        m.put("metrics", v.metrics());
        m.put("baseline_metrics", v.baselineMetrics());
        return m;
    }

    static Map<String, Object> change(StateChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", c.id());
        m.put("model_id", c.modelId());
        m.put("from", c.from() == null ? null : c.from().name());
        m.put("to", c.to().name());
        m.put("reason", c.reason());
        m.put("actor", c.actor());
        m.put("run_id", c.runId() == null ? null : c.runId().toString());
        m.put("host", c.host());
        m.put("changed_at", c.changedAt().toString());
        return m;
    }

    static Map<String, Object> alias(AliasTarget t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alias", t.alias());
        m.put("model_id", t.modelId());
        m.put("generation", t.generation());
        m.put("deployment_id", t.deploymentId());
        m.put("updated_at", t.updatedAt().toString());
        if (t.trafficShare() != null) {
            m.put("share", t.trafficShare());
        }
        return m;
    }
}
