package com.stockvolume.service.payloadlog;

import com.stockvolume.service.support.EventSink;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Responses only, half of the exchanges. */
public class SampledProfile implements QuarkusTestProfile {

    static final EventSink SINK = EventSink.start();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("payload-log.url", SINK.url(), "payload-log.mode", "response", "payload-log.sample-ratio", "0.5");
    }
}
