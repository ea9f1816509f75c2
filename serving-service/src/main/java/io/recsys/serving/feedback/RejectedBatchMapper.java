package io.recsys.serving.feedback;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.LinkedHashMap;
import java.util.Map;

/** A refused batch as 400 {@code {"error": first problem, "problems": [{index, field, reason}]}}. */
@Provider
public class RejectedBatchMapper implements ExceptionMapper<RejectedBatchException> {
    @Override
    public Response toResponse(RejectedBatchException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.getMessage());
        body.put("problems", e.problems());
        return Response.status(Response.Status.BAD_REQUEST)
                .type(MediaType.APPLICATION_JSON)
                .entity(body)
                .build();
    }
}
