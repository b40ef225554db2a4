package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the service writes about each request beyond its metrics (docs/observability.md). */
@ConfigMapping(prefix = "observability")
public interface ObservabilityConfig {

    /**
     * One log line per request at its end (logger {@code access}): method, route template, status,
     * duration, model, version, rows and whether it was shed; never a body or a header. On by default;
     * {@code OBSERVABILITY_ACCESS_LOG=false} turns it off.
     */
    @WithDefault("true")
    boolean accessLog();
}
