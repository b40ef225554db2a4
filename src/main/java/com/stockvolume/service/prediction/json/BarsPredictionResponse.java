package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.prediction.json.PredictionResponse.ModelRef;
import java.util.List;

/** The requested dates' features and predictions, in the order the dates were asked for. */
public record BarsPredictionResponse(ModelRef model, String symbol, List<DatePrediction> predictions) {

    /** @param warning set when the date's window held fewer bars than predictions.min-window-bars */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatePrediction(
            String date,
            @JsonProperty(WindowFeatures.VOL_MOVING_AVG) double volMovingAvg,
            @JsonProperty(WindowFeatures.ADJ_CLOSE_ROLLING_MED) double adjCloseRollingMed,
            double volume,
            @JsonProperty("window_rows") int windowRows,
            String warning) {}
}
