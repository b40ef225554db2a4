package com.stockvolume.service.payloadlog;

import com.stockvolume.service.support.EventSink;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.net.ServerSocket;
import java.util.Map;

/** A sink that never answers, a queue of 8 events and 64 KB, and one post in flight that waits 5 s for its answer. */
public class DeadSinkProfile implements QuarkusTestProfile {

    static final ServerSocket SINK = EventSink.dead();
    static final int QUEUE_EVENTS = 8;
    static final long QUEUE_BYTES = 65536;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("payload-log.url", "http://127.0.0.1:" + SINK.getLocalPort() + "/", "payload-log.queue-events",
                Integer.toString(QUEUE_EVENTS), "payload-log.queue-bytes", Long.toString(QUEUE_BYTES),
                "payload-log.connections", "1", "payload-log.timeout", "5s");
    }
}
