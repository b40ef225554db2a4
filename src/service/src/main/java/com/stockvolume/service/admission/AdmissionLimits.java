package com.stockvolume.service.admission;

import com.stockvolume.service.config.AdmissionConfig;
import java.time.Duration;

/**
 * The effective admission limits: the configured values, or defaults derived from the maximum
 * heap and the processors. Pure, so the derivation is tested without a service.
 *
 * <p>Why these shares: a body costs up to about three times its size in heap while it is read,
 * parsed and answered, and an eighth of the heap for bodies once ran the smallest heap out of
 * memory, so bodies get a sixteenth; a row held for inference and answer costs well under 256 bytes
 * (a from-bars row more, but the bars are counted as rows); a request waiting unread holds its
 * headers and what Vert.x read with them, well under 128 KiB. The measurements: docs/performance.md,
 * "Profile findings".
 */
public record AdmissionLimits(long maxBodyBytes, int waiting, long maxRows, int concurrency, int backlog,
        Duration queueTimeout, Duration retryAfter) {

    static final long BODY_SHARE_OF_HEAP = 16;
    static final long HEAP_BYTES_PER_ROW = 256;
    static final long HEAP_BYTES_PER_WAITING = 128 * 1024;

    public static AdmissionLimits of(AdmissionConfig config, long maxHeapBytes, int processors) {
        return new AdmissionLimits(
                config.maxBodyBytes().orElse(Math.max(1, maxHeapBytes / BODY_SHARE_OF_HEAP)),
                config.waiting().orElse((int) Math.min(Integer.MAX_VALUE, Math.max(1, maxHeapBytes / HEAP_BYTES_PER_WAITING))),
                config.maxRows().orElse(Math.max(1, maxHeapBytes / HEAP_BYTES_PER_ROW)),
                config.concurrency().orElse(Math.max(1, processors)),
                config.backlog(),
                config.queueTimeout(),
                config.retryAfter());
    }

    /** Whole seconds for the Retry-After header, at least 1. */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
