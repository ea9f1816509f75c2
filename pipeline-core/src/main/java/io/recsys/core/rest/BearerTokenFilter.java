package io.recsys.core.rest;

import io.recsys.core.config.PipelineConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;

/**
 * Endpoints marked {@link RequiresToken} need {@code Authorization: Bearer <recsys.api.token>}. With
 * no token configured, nothing gets in: an open trigger endpoint is worse than a closed one.
 */
@Provider
@RequiresToken
public class BearerTokenFilter implements ContainerRequestFilter {
    // Providers are built at static init, before runtime config exists: read it per request.
    private final Instance<PipelineConfig> config;

    public BearerTokenFilter(Instance<PipelineConfig> config) {
        this.config = config;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> token = config.get().api().token().filter(t -> !t.isBlank());
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (token.isEmpty()
                || header == null
                || !header.startsWith("Bearer ")
                || !MessageDigest.isEqual(
                        header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                        token.get().getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(Response.Status.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .entity(Map.of(
                            "error",
                            token.isEmpty()
                                    ? "the API is closed: set recsys.api.token (RECSYS_API_TOKEN)"
                                    : "missing or wrong bearer token"))
                    .build());
        }
    }
}
