package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One daily bar as a client sends it; other fields (open, high, low, close) are ignored. */
public record BarInput(
        @Schema(required = true, description = "Trading day, YYYY-MM-DD", example = "2021-01-27") String date,
        @JsonProperty("adj_close") @Schema(required = true, minimum = "0", example = "142.06") Double adjClose,
        @Schema(required = true, minimum = "0", example = "140843800") Double volume) {
}
