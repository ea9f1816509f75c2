package io.recsys.serving.api;

import jakarta.ws.rs.core.Response;

/** A request that cannot be answered, with the HTTP status that says why. */
public class ServingException extends RuntimeException {
    private final Response.Status status;

    public ServingException(Response.Status status, String message) {
        super(message);
        this.status = status;
    }

    public Response.Status status() {
        return status;
    }

    public static ServingException noModel() {
        return new ServingException(
                Response.Status.SERVICE_UNAVAILABLE,
                "no model loaded yet: nothing has been deployed, or every deployed model was refused (see /model_info)");
    }
}
