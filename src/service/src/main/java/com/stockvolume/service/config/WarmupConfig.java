package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Warm-up before readiness (health.Warmup), as Triton's {@code model_warmup}: the served models' card
 * samples sent through the whole HTTP stack, so that a new pod's first callers meet compiled code.
 */
@ConfigMapping(prefix = "warmup")
public interface WarmupConfig {

    /** How long the service sends itself sample requests before readiness reports UP; {@code 0s} is off. */
    @WithDefault("0s")
    Duration duration();

    /** Sample requests in flight during the warm-up. */
    @WithDefault("16")
    @Min(1)
    @Max(256)
    int connections();
}
