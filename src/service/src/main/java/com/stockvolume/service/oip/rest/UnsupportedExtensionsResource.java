package com.stockvolume.service.oip.rest;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.oip.ServerMetadata;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The paths of the protocol extensions Triton's clients call that this server does not implement
 * (model repository, statistics, model configuration, shared memory, trace, logging, generate):
 * a 404 that names the extension and the ones supported, instead of "unknown model 'stats'".
 */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class UnsupportedExtensionsResource {

    private static final String SERVER_PATHS = "{path: repository|systemsharedmemory|cudasharedmemory|trace|logging}"
            + "{rest: (/.*)?}";
    private static final String MODEL_PATHS = "{path: stats|config|trace|generate|generate_stream}{rest: (/.*)?}";

    /** The first segment of each path under /v2 or /v2/models/{name}, by the extension Triton's docs name it. */
    private static final Map<String, String> EXTENSIONS = Map.of(
            "repository", "model_repository", "stats", "statistics", "config", "model_configuration",
            "systemsharedmemory", "system_shared_memory", "cudasharedmemory", "cuda_shared_memory",
            "trace", "trace", "logging", "logging", "generate", "generate", "generate_stream", "generate");

    private final ServerMetadata server;

    public UnsupportedExtensionsResource(ServerMetadata server) {
        this.server = server;
    }

    @GET
    @Path(SERVER_PATHS)
    @Operation(hidden = true)
    public Object getServerExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    @POST
    @Path(SERVER_PATHS)
    @Operation(hidden = true)
    public Object postServerExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    @GET
    @Path("/models/stats")
    @Operation(hidden = true)
    public Object allModelStatistics() {
        throw unsupported("stats");
    }

    @GET
    @Path("/models/{name}/" + MODEL_PATHS)
    @Operation(hidden = true)
    public Object getModelExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    @POST
    @Path("/models/{name}/" + MODEL_PATHS)
    @Operation(hidden = true)
    public Object postModelExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    @GET
    @Path("/models/{name}/versions/{version}/" + MODEL_PATHS)
    @Operation(hidden = true)
    public Object getModelVersionExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    @POST
    @Path("/models/{name}/versions/{version}/" + MODEL_PATHS)
    @Operation(hidden = true)
    public Object postModelVersionExtension(@PathParam("path") String path) {
        throw unsupported(path);
    }

    private InferenceProtocolException unsupported(String path) {
        return new InferenceProtocolException(Failure.NOT_FOUND, "this server does not implement the '" + EXTENSIONS.get(path)
                + "' extension; the extensions it supports (GET /v2): " + String.join(", ", server.extensions()));
    }
}
