package com.stockvolume.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.stockvolume.service.config.AdmissionConfig;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionLimitsTest {

    static final long MB = 1024 * 1024;

    /** The configuration as Quarkus gives it; null where nothing is set. */
    record Config(Long maxBodyBytesOrNull, Long maxRowsOrNull, Integer concurrencyOrNull, Integer waitingOrNull, int backlog,
            Duration queueTimeout) implements AdmissionConfig {

        public OptionalInt waiting() {
            return waitingOrNull == null ? OptionalInt.empty() : OptionalInt.of(waitingOrNull);
        }

        public OptionalLong maxBodyBytes() {
            return maxBodyBytesOrNull == null ? OptionalLong.empty() : OptionalLong.of(maxBodyBytesOrNull);
        }

        public OptionalLong maxRows() {
            return maxRowsOrNull == null ? OptionalLong.empty() : OptionalLong.of(maxRowsOrNull);
        }

        public OptionalInt concurrency() {
            return concurrencyOrNull == null ? OptionalInt.empty() : OptionalInt.of(concurrencyOrNull);
        }

        public Duration retryAfter() {
            return Duration.ofSeconds(1);
        }
    }

    static AdmissionConfig config(Long maxBodyBytes, Long maxRows, Integer concurrency, Integer waiting, int backlog,
            Duration queueTimeout) {
        return new Config(maxBodyBytes, maxRows, concurrency, waiting, backlog, queueTimeout);
    }

    @Test
    void defaultsAreSharesOfTheMaximumHeapAndTheProcessors() {
        AdmissionLimits limits = AdmissionLimits.of(config(null, null, null, null, 16, Duration.ofSeconds(2)), 64 * MB, 2);
        assertEquals(4 * MB, limits.maxBodyBytes(), "a sixteenth of the heap");
        assertEquals(64 * MB / 256, limits.maxRows(), "a row per 256 bytes of heap");
        assertEquals(2, limits.concurrency());
        assertEquals(512, limits.waiting(), "one per 128 KiB of heap");
        assertEquals(16, limits.backlog());
    }

    @Test
    void configuredValuesWin() {
        AdmissionLimits limits = AdmissionLimits.of(config(1000L, 50L, 3, 7, 2, Duration.ofMillis(500)), 64 * MB, 2);
        assertEquals(1000, limits.maxBodyBytes());
        assertEquals(50, limits.maxRows());
        assertEquals(3, limits.concurrency());
        assertEquals(7, limits.waiting());
        assertEquals(Duration.ofMillis(500), limits.queueTimeout());
        assertEquals(1, limits.retryAfterSeconds());
    }

    @Test
    void aClientMayAskForAShorterWaitButNotALongerOne() {
        long configured = TimeUnit.SECONDS.toNanos(2);
        assertEquals(configured, AdmittedRequest.waitNanos(null, configured));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(250), AdmittedRequest.waitNanos("250", configured));
        assertEquals(configured, AdmittedRequest.waitNanos("60000", configured), "capped at admission.queue-timeout");
        assertEquals(configured, AdmittedRequest.waitNanos(Long.toString(Long.MAX_VALUE), configured));
    }

    @Test
    void aBadTimeoutHeaderIsNamedInTheError() {
        long configured = TimeUnit.SECONDS.toNanos(2);
        IllegalArgumentException text = assertThrows(IllegalArgumentException.class,
                () -> AdmittedRequest.waitNanos("soon", configured));
        assertEquals("X-Request-Timeout-Ms: must be a whole number of milliseconds >= 1, got 'soon'", text.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> AdmittedRequest.waitNanos("0", configured));
        assertEquals("X-Request-Timeout-Ms: must be a whole number of milliseconds >= 1, got 0", zero.getMessage());
    }
}
