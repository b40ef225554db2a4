package com.stockvolume.service.prediction;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.stockvolume.service.prediction.PredictionResponse.ModelRef;
import java.util.List;

/** The requested dates' features and predictions, in the order the dates were asked for. */
public record BarsPredictionResponse(ModelRef model, String symbol, List<DatePrediction> predictions) {

    /** @param warning set when the date's window held fewer bars than predictions.min-window-bars */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatePrediction(
            String date,
            @JsonProperty("vol_moving_avg") double volMovingAvg,
            @JsonProperty("adj_close_rolling_med") double adjCloseRollingMed,
            double volume,
            @JsonProperty("window_rows") int windowRows,
            String warning) {}
}
