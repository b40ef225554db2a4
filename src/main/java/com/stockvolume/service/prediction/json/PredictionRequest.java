package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"instances":[{"vol_moving_avg":..,"adj_close_rolling_med":..}, ...]}} */
public record PredictionRequest(
        @JsonDeserialize(using = InstanceRowReader.class) @Schema(required = true, type = SchemaType.ARRAY,
                implementation = InstanceSchema.class, minItems = 1,
                description = "1 to predictions.max-instances rows (default 10,000)") InstanceRowBuffer instances) {
}
