package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What the service writes about each request beyond its metrics (docs/observability.md). */
@ConfigMapping(prefix = "observability")
public interface ObservabilityConfig {

    /**
     * One log line per request at its end (logger {@code access}): method, route template, status,
     * duration, model, version, rows and whether it was shed; never a body or a header.
     * {@code OBSERVABILITY_ACCESS_LOG=true} turns it on. Off by default: with it on, the overload
     * benchmark's bursts of 10,000-row batches ran a 64 MB heap out of memory (docs/observability.md).
     */
    @WithDefault("false")
    boolean accessLog();
}
