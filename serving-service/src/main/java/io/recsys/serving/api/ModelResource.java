package io.recsys.serving.api;

import io.recsys.core.rest.RequiresToken;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The served model: what it is, and reloading it (admin, needs the token). */
@Path("/api/v1/model")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final ModelAdmin admin;

    public ModelResource(ModelAdmin admin) {
        this.admin = admin;
    }

    @GET
    @Operation(summary = "The model this replica serves, and the last model it refused")
    public ModelInfo info() {
        return admin.info();
    }

    @POST
    @Path("/reload")
    @RequiresToken
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Check the alias now and load its model (422 when the model is refused)")
    public Response reload(ReloadRequest request) throws Exception {
        return admin.reload(request);
    }
}
