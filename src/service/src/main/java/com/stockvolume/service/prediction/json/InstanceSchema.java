package com.stockvolume.service.prediction.json;

import static com.stockvolume.features.WindowFeatures.ADJ_CLOSE_ROLLING_MED;
import static com.stockvolume.features.WindowFeatures.VOL_MOVING_AVG;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The documented shape of one element of {@code instances}, named as the original API named its
 * query parameters. Requests are not read into these: {@link InstanceRowReader} reads every row
 * straight into one array.
 */
@Schema(name = "Instance")
public record InstanceSchema(
        @JsonProperty(VOL_MOVING_AVG) @Schema(required = true, minimum = "0",
                description = "Mean Volume over the last 30 calendar days", example = "2778180.95") double volMovingAvg,
        @JsonProperty(ADJ_CLOSE_ROLLING_MED) @Schema(required = true, minimum = "0",
                description = "Median Adj Close over the last 30 calendar days",
                example = "71.8976") double adjCloseRollingMed) {
}
