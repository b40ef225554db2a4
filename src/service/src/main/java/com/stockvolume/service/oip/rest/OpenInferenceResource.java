package com.stockvolume.service.oip.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelUnavailableException;
import com.stockvolume.service.model.ModelVersions;
import com.stockvolume.service.oip.BinaryTensorData;
import com.stockvolume.service.oip.InferParameters;
import com.stockvolume.service.oip.InferRequest;
import com.stockvolume.service.oip.InferRequestJson;
import com.stockvolume.service.oip.InferResponse;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.oip.ModelMetadata;
import com.stockvolume.service.oip.Readiness;
import com.stockvolume.service.oip.ServerMetadata;
import com.stockvolume.service.oip.TensorRows;
import com.stockvolume.service.payloadlog.PayloadLog;
import com.stockvolume.service.pipeline.InferenceCall;
import com.stockvolume.service.pipeline.InferencePipeline;
import com.stockvolume.service.pipeline.Inferred;
import com.stockvolume.service.pipeline.ModelInput;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The Open Inference Protocol (KServe v2) over REST, so KServe, Triton and MLServer clients can
 * call the service as they call those servers. Errors are {"error": "..."}, as the protocol says.
 */
@Path("/v2")
@Tag(name = "open inference protocol (v2)")
@Produces(MediaType.APPLICATION_JSON)
public class OpenInferenceResource {

    /** Swagger UI's request for both infer operations (OpenApiTest sends it). */
    private static final String INFER_EXAMPLE = "{\"id\":\"42\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],"
            + "\"datatype\":\"FP64\",\"data\":[[2778180.95,71.8976]]}]}";
    private static final String INFER_ANSWER = "The output tensor 'volume' [N,1] FP64 (or binary tensor data, when asked for)";

    private final ModelRegistry registry;
    private final InferencePipeline pipeline;
    private final PredictionConfig limits;
    private final ServerMetadata server;
    private final ObjectMapper json;
    private final PayloadLog payloadLog;

    public OpenInferenceResource(ModelRegistry registry, InferencePipeline pipeline, PredictionConfig limits,
            ObjectMapper json, ServerMetadata server, PayloadLog payloadLog) {
        this.registry = registry;
        this.payloadLog = payloadLog;
        this.pipeline = pipeline;
        this.limits = limits;
        this.server = server;
        this.json = json;
    }

    @GET
    @Operation(operationId = "serverMetadata", summary = "Server metadata")
    public Map<String, Object> server() {
        return Map.of("name", server.name(), "version", server.version(), "extensions", server.extensions());
    }

    @GET
    @Path("/health/live")
    @Operation(operationId = "serverLive", summary = "Whether the server is live: 200 {\"live\":true}")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/health/ready")
    @Operation(operationId = "serverReady",
            summary = "Whether the server is ready: 200 {\"ready\":true}, or 503 {\"ready\":false}")
    @APIResponse(responseCode = "200", description = "Ready", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Readiness.Server.class)))
    @APIResponse(responseCode = "503", description = "Not ready: a model is not loaded, or the warm-up is under way",
            content = @Content(
                    mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Readiness.Server.class)))
    public Response ready() {
        boolean ready = registry.ready();
        return Response.status(ready ? 200 : 503).entity(new Readiness.Server(ready)).build();
    }

    @GET
    @Path("/models/{name}")
    @Operation(operationId = "modelMetadata",
            summary = "Model metadata: versions, platform, inputs and outputs with datatypes and shapes")
    public ModelMetadata model(@PathParam("name") String name) {
        ModelVersions served = registry.require(name);
        return ModelMetadata.of(served.defaultModel().card(), served.versions());
    }

    @GET
    @Path("/models/{name}/versions/{version}")
    @Operation(operationId = "modelVersionMetadata", summary = "Metadata of one model version")
    public ModelMetadata model(@PathParam("name") String name, @PathParam("version") String version) {
        return ModelMetadata.of(registry.require(name, version).card(), List.of(version));
    }

    @GET
    @Path("/models/{name}/ready")
    @Operation(operationId = "modelReady", summary = "Whether the model is ready: {\"name\",\"ready\"}")
    @APIResponse(responseCode = "200", description = "Ready", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Readiness.Model.class)))
    @APIResponse(responseCode = "503", description = "Not ready: not loaded (yet)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Readiness.Model.class)))
    public Response modelReady(@PathParam("name") String name) {
        return readiness(name, () -> registry.require(name));
    }

    @GET
    @Path("/models/{name}/versions/{version}/ready")
    @Operation(operationId = "modelVersionReady", summary = "Whether one model version is ready")
    @APIResponse(responseCode = "200", description = "Ready", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = Readiness.Model.class)))
    @APIResponse(responseCode = "503", description = "Not ready: not loaded (yet)", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Readiness.Model.class)))
    public Response modelReady(@PathParam("name") String name, @PathParam("version") String version) {
        return readiness(name, () -> registry.require(name, version));
    }

    @POST
    @NonBlocking // a small body on its event loop, a large one on a worker (application.properties)
    @Path("/models/{name}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "modelInfer",
            summary = "Inference: input 'features' [N,k] FP64 (or FP32; k = 2 for stock-volume; for stock-volume-forecast the"
                    + " version's width, which its metadata states), output 'volume' [N,1] FP64")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InferRequest.class),
            examples = @ExampleObject(name = "one row", value = INFER_EXAMPLE)))
    @APIResponse(responseCode = "200", description = INFER_ANSWER, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(ref = "BinaryTensorData"))})
    public Response infer(@PathParam("name") String name, InferRequest request,
            @Parameter(hidden = true) @HeaderParam(BinaryTensorData.HEADER) String headerLength, RoutingContext context) {
        return infer(context, name, null, json(request, headerLength));
    }

    @POST
    @NonBlocking // a small body on its event loop, a large one on a worker (application.properties)
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(operationId = "modelVersionInfer", summary = "Inference on one model version")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = InferRequest.class),
            examples = @ExampleObject(name = "one row", value = INFER_EXAMPLE)))
    @APIResponse(responseCode = "200", description = INFER_ANSWER, content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = InferResponse.class)),
            @Content(mediaType = MediaType.APPLICATION_OCTET_STREAM, schema = @Schema(ref = "BinaryTensorData"))})
    public Response infer(@PathParam("name") String name, @PathParam("version") String version, InferRequest request,
            @Parameter(hidden = true) @HeaderParam(BinaryTensorData.HEADER) String headerLength, RoutingContext context) {
        return infer(context, name, version, json(request, headerLength));
    }

    @POST
    @Blocking
    @Path("/models/{name}/infer")
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(hidden = true) // the same operation with binary tensor data, which OpenAPI cannot describe
    public Response infer(@PathParam("name") String name, @HeaderParam(BinaryTensorData.HEADER) String headerLength,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body, RoutingContext context)
            throws IOException {
        return infer(context, name, null, binary(contentType, body, headerLength));
    }

    @POST
    @Blocking
    @Path("/models/{name}/versions/{version}/infer")
    @Consumes({MediaType.APPLICATION_OCTET_STREAM, MediaType.WILDCARD})
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(hidden = true)
    public Response infer(@PathParam("name") String name, @PathParam("version") String version,
            @HeaderParam(BinaryTensorData.HEADER) String headerLength,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, byte[] body, RoutingContext context)
            throws IOException {
        return infer(context, name, version, binary(contentType, body, headerLength));
    }

    private static BinaryTensorData.Body json(InferRequest request, String headerLength) {
        if (headerLength != null) {
            throw new InferenceProtocolException(Failure.INVALID_REQUEST,
                    BinaryTensorData.HEADER + " goes with binary tensor data, which is"
                            + " sent as application/octet-stream; this body is application/json");
        }
        return new BinaryTensorData.Body(request, null);
    }

    /**
     * Binary tensor data comes as application/octet-stream, or with no content type, as Triton's
     * Python client sends it; any other content type is not a v2 request.
     */
    private BinaryTensorData.Body binary(String contentType, byte[] body, String headerLength) throws IOException {
        if (contentType != null && !isOctetStream(contentType)) {
            throw new InferenceProtocolException(Failure.UNSUPPORTED_MEDIA_TYPE,
                    "the body is " + contentType + "; send application/json, or"
                            + " application/octet-stream with binary tensor data and the " + BinaryTensorData.HEADER
                            + " header");
        }
        return BinaryTensorData.read(body, headerLength, json);
    }

    private static boolean isOctetStream(String contentType) {
        try {
            return MediaType.APPLICATION_OCTET_STREAM_TYPE.isCompatible(MediaType.valueOf(contentType));
        } catch (IllegalArgumentException e) {
            return false; // not a media type at all: a 415 like any other
        }
    }

    /**
     * Rows are read by the signature of the version that infers them (versions of a model may differ in
     * width). The output is JSON, or binary data when the request asks for it.
     */
    private Response infer(RoutingContext context, String name, String version, BinaryTensorData.Body body) {
        InferRequest request = body.request();
        InferParameters.requireSupported(request);
        int maxRows = limits.maxInstances();
        Inferred<ModelInput> call = pipeline.infer(InferenceCall.admitted(AdmittedRequest.of(context), name, version,
                "v2", TensorRows.declaredRows(request, maxRows), model -> ModelInput.of(TensorRows.of(request,
                        body.binary(), model.card().inputs().get(0), model.card().outputs(), maxRows))));
        Inference inferred = call.inference();
        ModelCard card = inferred.model().card();
        List<String> requested = requestedOutputs(request);
        int[] answered = TensorRows.answered(requested, card.outputs());
        payloadLog.log(inferred.model().name(), inferred.model().version(),
                () -> InferRequestJson.of(request.id(), request.parameters(), request.inputs().get(0).name(),
                        request.inputs().get(0).datatype(), call.input().rows(), card.inputs().get(0).shape().get(1).intValue(),
                        requested),
                () -> InferResponse.inline(inferred.model().name(), inferred.model().version(), request.id(),
                        card.outputs(), answered, inferred.outputs()));
        List<InferResponse.Output> outputs = new ArrayList<>();
        List<double[]> binary = new ArrayList<>();
        for (int k : answered) {
            String output = card.outputs().get(k).name();
            double[] values = inferred.outputs()[k];
            List<Long> shape = List.of((long) values.length, 1L);
            if (BinaryTensorData.binaryOutput(request, output)) {
                outputs.add(BinaryTensorData.announced(output, shape, values));
                binary.add(values);
            } else {
                outputs.add(new InferResponse.Output(output, shape, "FP64", null, values));
            }
        }
        InferResponse response = new InferResponse(inferred.model().name(), inferred.model().version(), request.id(),
                outputs);
        if (binary.isEmpty()) {
            return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
        }
        byte[] bytes = BinaryTensorData.write(response, json, binary);
        return Response.ok(bytes, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(BinaryTensorData.HEADER, BinaryTensorData.headerLength(bytes, binary)).build();
    }

    private static List<String> requestedOutputs(InferRequest request) {
        return request.outputs() == null
                ? null
                : request.outputs().stream().map(o -> o == null ? null : o.name()).toList();
    }

    /** 200 ready, 503 not ready while no model is loaded; an unknown name or version stays a 404. */
    private static Response readiness(String name, Runnable require) {
        try {
            require.run();
            return Response.ok(new Readiness.Model(name, true)).build();
        } catch (ModelUnavailableException e) {
            return Response.status(503).entity(new Readiness.Model(name, false)).build();
        }
    }
}
