package com.stockvolume.service.api;

import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.failure.Problem;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.payloadlog.PayloadLog;
import com.stockvolume.service.pipeline.InferenceCall;
import com.stockvolume.service.pipeline.InferencePipeline;
import com.stockvolume.service.pipeline.ModelInput;
import com.stockvolume.service.prediction.json.InstancesJson;
import com.stockvolume.service.prediction.json.PredictionRequest;
import com.stockvolume.service.prediction.json.PredictionResponse;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** JSON batches: many rows, one inference call, predictions in input order. */
@Path("/v1/predictions")
@Tag(name = "predictions")
public class PredictionResource {

    static final String REQUEST_EXAMPLE = """
            {"instances": [
              {"vol_moving_avg": 2778180.9523809524, "adj_close_rolling_med": 71.89762115478516},
              {"vol_moving_avg": 9033.333333333334, "adj_close_rolling_med": 3.6505625247955322}
            ]}""";
    static final String RESPONSE_EXAMPLE = """
            {"model": {"name": "stock-volume", "version": "2"},
             "predictions": [{"volume": 2517212.0428124936}, {"volume": 5930.929172306704}]}""";
    static final String PROBLEM_EXAMPLE = """
            {"type": "/problems/invalid-request", "title": "Bad Request", "status": 400,
             "detail": "1 invalid value(s) in the request",
             "errors": ["instances[1].vol_moving_avg: must be a finite number >= 0"]}""";

    private final InferencePipeline pipeline;
    private final PredictionConfig limits;
    private final PayloadLog payloadLog;

    public PredictionResource(InferencePipeline pipeline, PredictionConfig limits, PayloadLog payloadLog) {
        this.pipeline = pipeline;
        this.limits = limits;
        this.payloadLog = payloadLog;
    }

    @POST
    @NonBlocking // a small body on its event loop, a large one on a worker (application.properties)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "predictBatch", summary = "Predict volumes for a batch of feature rows",
            description = "1 to predictions.max-instances rows (default 10,000), answered in input order.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = PredictionRequest.class),
            examples = @ExampleObject(name = "two rows", value = REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "One prediction per instance",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = PredictionResponse.class),
                    examples = @ExampleObject(name = "two predictions", value = RESPONSE_EXAMPLE)))
    // the other error responses (413, 415, 503, Retry-After) come from failure/ErrorResponses; this one's example
    // names the Problem class, which makes the document's Problem schema every error response refers to
    @APIResponse(responseCode = "400", description = "Invalid JSON or values; each error names its field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "negative value", value = PROBLEM_EXAMPLE)))
    public PredictionResponse predict(PredictionRequest request, RoutingContext context) {
        double[] rows = PredictionRequest.checkedRows(request, limits.maxInstances());
        ModelInput input = ModelInput.of(rows);
        Inference inference = pipeline.infer(InferenceCall.admitted(AdmittedRequest.of(context),
                pipeline.defaultModel(), null, "v1", request.instances().size(), version -> input)).inference();
        PredictionResponse response = PredictionResponse.of(inference);
        payloadLog.log(inference.model().name(), inference.model().version(), () -> new InstancesJson(rows),
                () -> response);
        return response;
    }
}
