package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** Limits on what one prediction request may ask. Checked at startup: each is at least 1. */
@ConfigMapping(prefix = "predictions")
public interface PredictionConfig {

    /** Most rows in one request on every endpoint (/v1/predictions, /v2 over REST and gRPC); more is answered 413. */
    @WithDefault("10000")
    @Min(1)
    int maxInstances();

    /** Most bars in one from-bars request; more is answered 413. */
    @WithDefault("20000")
    @Min(1)
    int maxBars();

    /**
     * Fewest bars a requested date's 30-day window should hold; a date with fewer is still
     * predicted, with a warning in its answer (a thin window makes noisy features).
     */
    @WithDefault("1")
    @Min(1)
    int minWindowBars();
}
