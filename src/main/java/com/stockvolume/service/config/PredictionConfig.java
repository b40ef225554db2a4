package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits on what one prediction request may ask. */
@ConfigMapping(prefix = "predictions")
public interface PredictionConfig {

    /** Most rows in one request; more is answered 413. */
    @WithDefault("10000")
    int maxInstances();
}
