package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Server-side batching: concurrent inference calls for the same model version coalesced into one ONNX Runtime call,
 * with the two knobs of Triton's dynamic batcher, for every model and per model
 * ({@code batching.model."stock-volume".max-rows=16}).
 */
@ConfigMapping(prefix = "batching")
public interface BatchingConfig {

    /**
     * The largest batch, in rows; a call with at least this many rows runs alone. 1 (the default) turns batching off:
     * on two cores it lost at every load measured (docs/performance.md, "Server-side batching").
     */
    @WithDefault("1")
    @Min(1)
    int maxRows();

    /**
     * How long a batch waits for more calls before it runs, e.g. {@code 200us}: 0 (the default) takes the calls already
     * waiting and never waits for more.
     */
    @WithDefault("0s")
    Duration maxWait();

    /** A model's own knobs, overriding the two above for it. */
    @WithName("model")
    Map<String, ModelBatching> models();

    interface ModelBatching {

        Optional<@Min(1) Integer> maxRows();

        Optional<Duration> maxWait();
    }

    default int maxRows(String model) {
        ModelBatching own = models().get(model);
        return own == null ? maxRows() : own.maxRows().orElse(maxRows());
    }

    default long maxWaitNanos(String model) {
        ModelBatching own = models().get(model);
        return (own == null ? maxWait() : own.maxWait().orElse(maxWait())).toNanos();
    }
}
