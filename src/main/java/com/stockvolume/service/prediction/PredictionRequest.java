package com.stockvolume.service.prediction;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code {"instances":[{"vol_moving_avg":..,"adj_close_rolling_med":..}, ...]}} */
public record PredictionRequest(
        @NotNull(message = "is required")
        @Size(min = 1, message = "must hold at least one instance")
        List<Instance> instances) {}
