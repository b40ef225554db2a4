package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.prediction.json.PredictionResponse.ModelRef;
import java.util.List;
import java.util.Map;

/** The requested dates' features and predictions, in the order the dates were asked for. */
public record BarsPredictionResponse(ModelRef model, String symbol, List<DatePrediction> predictions) {

    /**
     * @param volMovingAvg the same-day model's feature; absent for a forecast
     * @param volumeLower the lower bound of the model's central interval (its card's {@code interval.share}
     *     of actual volumes fall inside, on held-out data); absent for a model without one
     * @param volumeUpper its upper bound
     * @param features a forecast's inputs by name; absent for the same-day model
     * @param warning set when the date's window held fewer bars than predictions.min-window-bars
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DatePrediction(
            String date,
            @JsonProperty(WindowFeatures.VOL_MOVING_AVG) Double volMovingAvg,
            @JsonProperty(WindowFeatures.ADJ_CLOSE_ROLLING_MED) Double adjCloseRollingMed,
            double volume,
            @JsonProperty("volume_lower") Double volumeLower,
            @JsonProperty("volume_upper") Double volumeUpper,
            @JsonProperty("window_rows") int windowRows,
            Map<String, Double> features,
            String warning) {
    }
}
