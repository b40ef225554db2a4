package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Canary and shadow versions (pipeline.Rollouts): how much of the second scoring of a call, off the request path, may
 * wait, and how many of the newest compared rows the comparison keeps for its quantiles and its interval.
 */
@ConfigMapping(prefix = "rollout")
public interface RolloutConfig {

    /**
     * The most rows waiting to be scored by the other version of a roll-out (a shadow's, or the default's for a canary's
     * calls); past it a call is not compared ({@code model_comparison_dropped_total{reason="queue-full"}}).
     */
    @WithDefault("20000")
    @Min(1)
    int queueRows();

    /** The newest rows whose relative difference, and rows with actuals whose two errors, the comparison keeps. */
    @WithDefault("10000")
    @Min(100)
    @Max(1000000)
    int keptRows();
}
