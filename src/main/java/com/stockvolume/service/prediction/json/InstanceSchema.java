package com.stockvolume.service.prediction;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented shape of one element of {@code instances}, named as the original API named its
 * query parameters. Requests are not read into these: {@link InstancesReader} reads every row
 * straight into one array.
 */
public record Instance(
        @JsonProperty(VOL_MOVING_AVG)
        @Schema(required = true, minimum = "0", description = "Mean Volume over the last 30 calendar days", example = "2778180.95")
        double volMovingAvg,
        @JsonProperty(ADJ_CLOSE_ROLLING_MED)
        @Schema(required = true, minimum = "0", description = "Median Adj Close over the last 30 calendar days", example = "71.8976")
        double adjCloseRollingMed) {

    public static final String VOL_MOVING_AVG = "vol_moving_avg";
    public static final String ADJ_CLOSE_ROLLING_MED = "adj_close_rolling_med";
}
