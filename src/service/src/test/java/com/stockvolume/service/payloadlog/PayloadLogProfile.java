package com.stockvolume.service.payloadlog;

import com.stockvolume.service.support.EventSink;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Payload logging on, to a sink in the test's JVM that reads every post with the CloudEvents SDK. */
public class PayloadLogProfile implements QuarkusTestProfile {

    static final EventSink SINK = EventSink.start();
    static final String SOURCE = "urn:stock-volume-service:payload-log-test";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("payload-log.url", SINK.url(), "payload-log.source", SOURCE, "payload-log.namespace", "models");
    }
}
