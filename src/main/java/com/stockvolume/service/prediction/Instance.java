package com.stockvolume.service.prediction;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;

/** One row of features, named as the original API named its query parameters. */
public record Instance(
        @JsonProperty("vol_moving_avg") @NotNull(message = "is required") @FiniteNonNegative Double volMovingAvg,
        @JsonProperty("adj_close_rolling_med") @NotNull(message = "is required") @FiniteNonNegative Double adjCloseRollingMed) {}
