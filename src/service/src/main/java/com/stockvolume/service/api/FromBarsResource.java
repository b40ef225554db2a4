package com.stockvolume.service.api;

import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.payloadlog.PayloadLog;
import com.stockvolume.service.pipeline.InferenceCall;
import com.stockvolume.service.pipeline.InferencePipeline;
import com.stockvolume.service.pipeline.Inferred;
import com.stockvolume.service.prediction.FromBarsInput;
import com.stockvolume.service.prediction.json.BarsPredictionResponse;
import com.stockvolume.service.prediction.json.BarsRequest;
import io.smallrye.common.annotation.Blocking;
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

/**
 * Predictions from raw daily bars: the service computes the features with the training code
 * itself, so a client cannot drift from the definition the model learned.
 */
@Path("/v1/predictions/from-bars")
@Tag(name = "predictions")
public class FromBarsResource {

    static final String REQUEST_EXAMPLE = """
            {"symbol": "AAPL",
             "bars": [{"date": "2021-01-25", "adj_close": 142.92, "volume": 157611700},
                      {"date": "2021-01-26", "adj_close": 143.16, "volume": 98390600},
                      {"date": "2021-01-27", "adj_close": 142.06, "volume": 140843800}],
             "dates": ["2021-01-27"]}""";
    static final String RESPONSE_EXAMPLE = """
            {"model": {"name": "stock-volume", "version": "2"}, "symbol": "AAPL",
             "predictions": [{"date": "2021-01-27", "vol_moving_avg": 132282033.33333333,
                              "adj_close_rolling_med": 142.92, "volume": 119738447.42712985, "window_rows": 3}]}""";

    private final InferencePipeline pipeline;
    private final PredictionConfig limits;
    private final PayloadLog payloadLog;

    public FromBarsResource(InferencePipeline pipeline, PredictionConfig limits, PayloadLog payloadLog) {
        this.pipeline = pipeline;
        this.limits = limits;
        this.payloadLog = payloadLog;
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "predictFromBars", summary = "Predict volumes from a symbol's raw daily bars",
            description = "Bars in any order; other fields are ignored. dates: omitted for the latest bar's date, "
                    + "\"all\" for every bar, or a list. Features use the training code's 30-calendar-day window.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = BarsRequest.class),
            examples = @ExampleObject(name = "three bars", value = REQUEST_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "Features and prediction per requested date",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = BarsPredictionResponse.class),
                    examples = @ExampleObject(name = "one date", value = RESPONSE_EXAMPLE)))
    // the error responses' schemas, 413, 415 and 503 come from failure/ErrorResponses; these say more than its rule
    @APIResponse(responseCode = "400", description = "A bad bar or field, named: duplicate or unparsable dates, "
            + "missing or negative values, a requested date without a bar")
    @APIResponse(responseCode = "404", description = "The model named in the body is not served")
    public BarsPredictionResponse predict(BarsRequest request, RoutingContext context) {
        // the bars count as the request's rows; their features are computed inside its inference slot
        int bars = request == null || request.bars() == null ? 0 : request.bars().size();
        String model = request != null && request.model() != null ? request.model() : pipeline.defaultModel();
        Inferred<FromBarsInput> inferred = pipeline.infer(InferenceCall.admitted(AdmittedRequest.of(context), model, null,
                "from-bars", Math.min(bars, limits.maxBars()), version -> FromBarsInput.decode(version, request,
                        limits.maxBars()))
                .decodedIn("features").routedBy(request == null ? null : request.symbol()));
        BarsPredictionResponse response = inferred.input().answer(inferred.inference(), request.symbol(),
                limits.minWindowBars());
        payloadLog.log(inferred.inference().model().name(), inferred.inference().model().version(), () -> request,
                () -> response);
        return response;
    }
}
