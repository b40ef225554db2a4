package com.stockvolume.service.admin;

import com.stockvolume.service.model.ModelManager;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ReloadReport;
import com.stockvolume.service.pipeline.Rollouts;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Rolls model versions out and back without a restart. Loading a version reads and checks files
 * (hundreds of milliseconds), so these run on worker threads, never on the event loop.
 */
@Path("/admin/models/{name}")
@AdminOnly
@Blocking
@Tag(name = "admin")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = "admin-token")
@SecurityScheme(securitySchemeName = "admin-token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "The admin.token (env ADMIN_TOKEN) the service was started with")
public class AdminResource {

    private final ModelManager models;
    private final ModelRegistry registry;
    private final Rollouts rollouts;

    public AdminResource(ModelManager models, ModelRegistry registry, Rollouts rollouts) {
        this.models = models;
        this.registry = registry;
        this.rollouts = rollouts;
    }

    /**
     * A model's roll-out as it stands: its default version and its canary (null when none).
     *
     * @param defaultVersion the version every other unversioned call goes to
     */
    public record Rollout(String model, String defaultVersion, Rollouts.Canary canary, Rollouts.Shadow shadow) {
    }

    private Rollout rollout(String name) {
        return new Rollout(name, registry.require(name).defaultModel().version(), rollouts.canary(name),
                rollouts.shadow(name));
    }

    @PUT
    @Path("/canary")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startCanary",
            summary = "Send a share of the model's unversioned calls to a version (a canary), replacing any canary or shadow",
            description = "From-bars calls of one symbol all go to one side; other calls are drawn one by one. Calls"
                    + " that name a version are not moved. Every answer names the version that served it.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "ten percent", value = "{\"version\": \"1\", \"percent\": 10}")))
    @APIResponse(responseCode = "200", description = "The split now in force")
    @APIResponse(responseCode = "400", description = "A missing field, a percent outside (0, 100], or the default version")
    @APIResponse(responseCode = "404", description = "No such model, or the version is not loaded")
    public Rollout startCanary(@PathParam("name") String name, CanaryRequest canary) {
        // an empty body is refused by the roll-out's own checks, naming both fields
        rollouts.startCanary(name, canary == null ? null : canary.version(), canary == null ? null : canary.percent());
        return rollout(name);
    }

    @PUT
    @Path("/shadow")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "startShadow",
            summary = "Have a version also score a sample of the calls the default answers (a shadow), replacing any"
                    + " canary or shadow",
            description = "Once each sampled answer is made, on a thread of its own; compared with the default on the same"
                    + " rows: GET /v1/models/{name}/versions/{version}/comparison.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "every call", value = "{\"version\": \"1\", \"sample\": 1.0}")))
    @APIResponse(responseCode = "200", description = "The roll-out now in force")
    @APIResponse(responseCode = "400", description = "A missing field, a sample outside (0, 1], or the default version")
    @APIResponse(responseCode = "404", description = "No such model, or the version is not loaded")
    public Rollout startShadow(@PathParam("name") String name, ShadowRequest shadow) {
        rollouts.startShadow(name, shadow == null ? null : shadow.version(), shadow == null ? null : shadow.sample());
        return rollout(name);
    }

    @DELETE
    @Path("/shadow")
    @Operation(operationId = "endShadow", summary = "End the model's shadow (its comparison stays readable)")
    @APIResponse(responseCode = "200", description = "No shadow now (whether there was one or not)")
    public Rollout endShadow(@PathParam("name") String name) {
        rollouts.endShadow(name);
        return rollout(name);
    }

    @DELETE
    @Path("/canary")
    @Operation(operationId = "endCanary", summary = "End the model's canary: every unversioned call to the default")
    @APIResponse(responseCode = "200", description = "No canary now (whether there was one or not)")
    public Rollout endCanary(@PathParam("name") String name) {
        rollouts.endCanary(name);
        return rollout(name);
    }

    @POST
    @Path("/reload")
    @Operation(operationId = "reloadModel", summary = "Rescan the model repository: load new versions, unload removed ones",
            description = "New versions are checked (card, sha256, sample rows) before they are swapped in;"
                    + " requests running on an old version finish on it.")
    @APIResponse(responseCode = "200", description = "Rescanned; every version folder is served or not wanted")
    @APIResponse(responseCode = "422", description = "Rescanned, but a version folder was refused; the body says"
            + " which and why, and what is still served")
    public Response reload(@PathParam("name") String name) {
        return answer(models.reload(name));
    }

    @POST
    @Path("/versions/{version}/default")
    @Operation(operationId = "pinModelVersion",
            summary = "Pin a version as the default for unversioned calls (a rollback); loads it if needed")
    @APIResponse(responseCode = "200", description = "Pinned")
    @APIResponse(responseCode = "404", description = "No such version folder")
    @APIResponse(responseCode = "422", description = "The version failed its checks; nothing changed")
    public Response pin(@PathParam("name") String name, @PathParam("version") String version) {
        return Response.ok(models.pin(name, version)).build();
    }

    @DELETE
    @Path("/default")
    @Operation(operationId = "unpinModel",
            summary = "Unpin: unversioned calls go back to the policy's default (the highest loaded version)")
    public Response unpin(@PathParam("name") String name) {
        return Response.ok(models.unpin(name)).build();
    }

    private static Response answer(ReloadReport report) {
        return Response.status(report.refused().isEmpty() ? 200 : 422).entity(report).build();
    }
}
