package com.stockvolume.service.api;

import com.stockvolume.card.ModelCard;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelUnavailableException;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.ModelVersions;
import com.stockvolume.service.oip.InferRequest;
import com.stockvolume.service.oip.InferResponse;
import com.stockvolume.service.oip.ModelMetadata;
import com.stockvolume.service.oip.TensorRows;
import com.stockvolume.service.prediction.PredictionService;
import com.stockvolume.service.admission.AdmittedRequest;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol (KServe v2) over REST, so KServe, Triton and MLServer clients can
 * call the service as they call those servers. Errors are {"error": "..."}, as the protocol says.
 */
@Path("/v2")
@Tag(name = "open inference protocol (v2)")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceResource {

    private final ModelRegistry registry;
    private final PredictionService predictions;
    private final String serverName;
    private final String serverVersion;

    public OpenInferenceResource(ModelRegistry registry, PredictionService predictions,
            @ConfigProperty(name = "quarkus.application.name") String serverName,
            @ConfigProperty(name = "quarkus.application.version") String serverVersion) {
        this.registry = registry;
        this.predictions = predictions;
        this.serverName = serverName;
        this.serverVersion = serverVersion;
    }

    @GET
    @Operation(summary = "Server metadata")
    public Map<String, Object> server() {
        return Map.of("name", serverName, "version", serverVersion, "extensions", List.of());
    }

    @GET
    @Path("/health/live")
    @Operation(summary = "Whether the server is live: 200 {\"live\":true}")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(summary = "Whether the server is ready: 200 {\"ready\":true}, or 503 {\"ready\":false}")
    public Response ready() {
        boolean ready = registry.ready();
        return Response.status(ready ? 200 : 503).entity(Map.of("ready", ready)).build();
    }

    @GET
    @Path("/models/{name}")
    @Operation(summary = "Model metadata: versions, platform, inputs and outputs with datatypes and shapes")
    public ModelMetadata model(@PathParam("name") String name) {
        ModelVersions served = registry.require(name);
        return ModelMetadata.of(served.defaultModel().card(), served.versions());
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(summary = "Metadata of one model version")
    public ModelMetadata model(@PathParam("name") String name, @PathParam("version") String version) {
        return ModelMetadata.of(registry.require(name, version).card(), List.of(version));
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(summary = "Whether the model is ready: {\"name\",\"ready\"}")
    public Response modelReady(@PathParam("name") String name) {
        return readiness(name, () -> registry.require(name));
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(summary = "Whether one model version is ready")
    public Response modelReady(@PathParam("name") String name, @PathParam("version") String version) {
        return readiness(name, () -> registry.require(name, version));
    }

    @POST
    @Blocking
    @Path("/models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference: input 'features' [N,k] FP64 (or FP32; k = 2 for stock-volume, 9 for"
            + " stock-volume-forecast), output 'volume' [N,1] FP64")
    public InferResponse infer(@PathParam("name") String name, InferRequest request, RoutingContext context) {
        return infer(AdmittedRequest.of(context), registry.require(name).defaultModel(), null, request);
    }

    @POST
    @Blocking
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Inference on one model version")
    public InferResponse infer(@PathParam("name") String name, @PathParam("version") String version,
            InferRequest request, RoutingContext context) {
        return infer(AdmittedRequest.of(context), registry.require(name, version), version, request);
    }

    /** Rows are read by the signature of {@code model}; every version of a model shares it. */
    private InferResponse infer(AdmittedRequest admitted, LoadedModel model, String version, InferRequest request) {
        ModelCard card = model.card();
        double[] rows = TensorRows.of(request, card.inputs().get(0), card.outputs().get(0), predictions.maxInstances());
        Inference inference = predictions.predict(admitted, model.name(), version, rows, "v2");
        var output = card.outputs().get(0);
        InferResponse.Output volume = new InferResponse.Output(output.name(),
                List.of((long) inference.values().length, 1L), "FP64", inference.values());
        return new InferResponse(inference.model().name(), inference.model().version(), request.id(), List.of(volume));
    }

    /** 200 ready, 503 not ready while no model is loaded; an unknown name or version stays a 404. */
    private static Response readiness(String name, Runnable require) {
        try {
            require.run();
            return Response.ok(Map.of("name", name, "ready", true)).build();
        } catch (ModelUnavailableException e) {
            return Response.status(503).entity(Map.of("name", name, "ready", false)).build();
        }
    }
}
