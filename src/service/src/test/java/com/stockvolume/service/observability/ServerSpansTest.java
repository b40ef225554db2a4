package com.stockvolume.service.observability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A request without a caller's trace is given a span only when the sampler could keep it. */
class ServerSpansTest {

    @Test
    void theShippedSamplerNeverSamplesARequestWithoutACallersTrace() {
        assertFalse(ServerSpans.rootsMaySample("parentbased_traceidratio", 0));
        assertFalse(ServerSpans.rootsMaySample("traceidratio", 0));
        assertFalse(ServerSpans.rootsMaySample("parentbased_always_off", 1));
        assertFalse(ServerSpans.rootsMaySample("always_off", 1));
    }

    @Test
    void aPositiveRatioOrAnotherSamplerMaySampleIt() {
        assertTrue(ServerSpans.rootsMaySample("parentbased_traceidratio", 0.01));
        assertTrue(ServerSpans.rootsMaySample("PARENTBASED_TRACEIDRATIO", 1));
        assertTrue(ServerSpans.rootsMaySample("parentbased_always_on", 0));
        assertTrue(ServerSpans.rootsMaySample("always_on", 0));
        assertTrue(ServerSpans.rootsMaySample("jaeger_remote", 0)); // a sampler decided elsewhere
    }
}
