package com.stockvolume.service.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.payloadlog.PayloadLog;
import com.stockvolume.service.pipeline.InferenceCall;
import com.stockvolume.service.pipeline.InferencePipeline;
import com.stockvolume.service.prediction.QueryNumbers;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The original Flask API, drop-in: same path, parameters, text answers and "Missing parameters".
 * Runs on the event loop: one row is a few microseconds of inference.
 */
@Path("/predict")
@Tag(name = "predictions")
public class LegacyPredictResource {

    /** The version that answered, as /v1 and /v2 answers name it in their bodies. */
    static final String MODEL_VERSION = "Model-Version";
    private static final CharSequence MODEL_VERSION_HEADER = HttpHeaders.createOptimized(MODEL_VERSION);

    private final InferencePipeline pipeline;
    private final PayloadLog payloadLog;

    /** The request as the payload log sends it: its two parameters, as numbers. */
    @RegisterForReflection // written by the payload log's ObjectMapper, which a native image must be told of
    record Query(@JsonProperty(WindowFeatures.VOL_MOVING_AVG) double volMovingAvg,
            @JsonProperty(WindowFeatures.ADJ_CLOSE_ROLLING_MED) double adjCloseRollingMed) {
    }

    /** The answer as the payload log sends it: the volume answered. */
    @RegisterForReflection
    record Answer(long volume) {
    }

    public LegacyPredictResource(InferencePipeline pipeline, PayloadLog payloadLog) {
        this.pipeline = pipeline;
        this.payloadLog = payloadLog;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "predict", summary = "Predict one day's volume (the original API)",
            description = "Answers the prediction truncated toward zero, as the original str(int(prediction)).")
    @APIResponse(responseCode = "200", description = "The predicted volume",
            headers = @Header(name = MODEL_VERSION, description = "The version of the model that answered (a canary's,"
                    + " for its share of the calls)", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = MediaType.TEXT_PLAIN, examples = @ExampleObject(name = "volume", value = "2517212")))
    @APIResponse(responseCode = "400", description = "A parameter is missing or not a finite number >= 0",
            content = @Content(mediaType = MediaType.TEXT_PLAIN, examples = {
                    @ExampleObject(name = "missing", value = "Missing parameters"),
                    @ExampleObject(name = "invalid", value = "vol_moving_avg: must be a finite number >= 0, got 'abc'")}))
    public String predict(
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, minimum = "0"),
                    description = "Mean Volume over the last 30 calendar days",
                    example = "2778180.95") @QueryParam(WindowFeatures.VOL_MOVING_AVG) String volMovingAvg,
            @Parameter(required = true, schema = @Schema(type = SchemaType.NUMBER, minimum = "0"),
                    description = "Median Adj Close over the last 30 calendar days",
                    example = "71.8976") @QueryParam(WindowFeatures.ADJ_CLOSE_ROLLING_MED) String adjCloseRollingMed,
            @Context HttpServerResponse response) {
        if (volMovingAvg == null || adjCloseRollingMed == null) {
            throw new BadQuery("Missing parameters");
        }
        double[] row;
        try {
            row = new double[]{QueryNumbers.featureValue(WindowFeatures.VOL_MOVING_AVG, volMovingAvg),
                    QueryNumbers.featureValue(WindowFeatures.ADJ_CLOSE_ROLLING_MED, adjCloseRollingMed)};
        } catch (InvalidInputException e) {
            throw new BadQuery(e.getMessage());
        }
        // not admitted: its only allocations are the row and the answer, and one row takes microseconds
        Inference inference = pipeline.infer(InferenceCall.singleRow(pipeline.defaultModel(), "predict", row))
                .inference();
        long volume = (long) inference.values()[0];
        response.putHeader(MODEL_VERSION_HEADER, inference.model().version());
        payloadLog.log(inference.model().name(), inference.model().version(), () -> new Query(row[0], row[1]),
                () -> new Answer(volume));
        // A String, not a Response: Quarkus REST then picks the writer at build time, not per request.
        return Long.toString(volume);
    }

    /** A 400 answered in the original's plain text. */
    static final class BadQuery extends RuntimeException {

        BadQuery(String message) {
            super(message, null, false, false);
        }
    }

    @ServerExceptionMapper
    Response badQuery(BadQuery e) {
        return Response.status(400).type(MediaType.TEXT_PLAIN_TYPE).entity(e.getMessage()).build();
    }
}
