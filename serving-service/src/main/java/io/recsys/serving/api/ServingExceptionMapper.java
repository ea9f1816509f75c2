package io.recsys.serving.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/** A refused request as JSON {@code {"error": ...}} with its status. */
@Provider
public class ServingExceptionMapper implements ExceptionMapper<ServingException> {
    @Override
    public Response toResponse(ServingException e) {
        return Response.status(e.status())
                .type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", e.getMessage()))
                .build();
    }
}
