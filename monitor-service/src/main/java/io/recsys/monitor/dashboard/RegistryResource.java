package io.recsys.monitor.dashboard;

import io.recsys.core.deploy.AliasTarget;
import io.recsys.core.deploy.ModelAliases;
import io.recsys.core.registry.ModelRegistry;
import io.recsys.core.registry.ModelVersion;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * The model registry, read-only like the dashboard (no token): the models with their states, and
 * each model's audit history of state changes (who, which run, why, when).
 */
@Path("/api/v1/registry/models")
@Produces(MediaType.APPLICATION_JSON)
public class RegistryResource {
    private static final int MAX_LIMIT = 1000;

    private final ModelRegistry registry;
    private final ModelAliases aliases;

    public RegistryResource(ModelRegistry registry, ModelAliases aliases) {
        this.registry = registry;
        this.aliases = aliases;
    }

    /** Newest first; each model says whether production serves it. */
    @GET
    public List<Map<String, Object>> models(@QueryParam("limit") @DefaultValue("100") int limit) throws Exception {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        String production = productionId();
        return registry.recent(limit).stream()
                .map(v -> RegistryViews.model(v, production))
                .toList();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> model(@PathParam("id") String id) throws Exception {
        return RegistryViews.model(find(id), productionId());
    }

    /** Oldest first: registration, then every transition. */
    @GET
    @Path("{id}/history")
    public List<Map<String, Object>> history(@PathParam("id") String id) throws Exception {
        find(id);
        return registry.history(id).stream().map(RegistryViews::change).toList();
    }

    private ModelVersion find(String id) throws Exception {
        return registry.find(id).orElseThrow(() -> new NotFoundException("no model version " + id));
    }

    private String productionId() throws Exception {
        return aliases.current(ModelAliases.PRODUCTION)
                .map(AliasTarget::modelId)
                .orElse(null);
    }
}
