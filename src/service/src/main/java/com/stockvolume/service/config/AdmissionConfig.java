package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How much work the service takes on at once. The memory budgets default to shares of the
 * maximum heap ({@code -Xmx}), so a pod sized by its heap is protected without tuning; the
 * effective values are logged at startup and exposed as {@code admission_limit} gauges.
 */
@ConfigMapping(prefix = "admission")
public interface AdmissionConfig {

    /**
     * Bytes of request bodies being read or held at once, counted by their Content-Length (a body
     * without one counts as {@code quarkus.http.limits.max-body-size}). A request that does not fit
     * waits, unread, in a queue (see {@code waiting}). Default: a sixteenth of the maximum heap.
     */
    @Min(1)
    OptionalLong maxBodyBytes();

    /**
     * Requests whose bodies do not fit {@code max-body-bytes} wait for room, their bodies unread
     * (little memory but their connection), until their deadline; this many at most, and more are
     * refused at once. Default: one per 128 KiB of maximum heap (512 at 64 MB).
     */
    @Min(0)
    OptionalInt waiting();

    /**
     * Rows (feature rows, bars or tensor rows) parsed and waiting for or in inference at once. A
     * request that does not fit is refused with 503. Default: one row per 256 bytes of maximum heap.
     */
    @Min(1)
    OptionalLong maxRows();

    /** Batches in inference at once. Default: the number of processors the JVM sees. */
    @Min(1)
    OptionalInt concurrency();

    /**
     * Batches parsed and waiting for an inference slot (each holds a worker thread); more are
     * refused at once. The default matches Quarkus' worker pool (200 threads at most).
     */
    @WithDefault("200")
    @Min(0)
    int backlog();

    /**
     * The longest a batch may wait, from its arrival to the start of its inference, before it is
     * answered 503 instead of computed. A client may ask for less with the header
     * {@code X-Request-Timeout-Ms}.
     */
    @WithDefault("2s")
    Duration queueTimeout();

    /** The Retry-After sent with every 503 of admission control. */
    @WithDefault("1s")
    Duration retryAfter();
}
