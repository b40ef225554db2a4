package com.stockvolume.service.payloadlog;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sink that never answers costs predictions nothing but the queue: every answer is right, the events past the
 * queue's bounds (in events, and in bytes) are dropped and counted, and what the payload log holds stays within them.
 */
@QuarkusTest
@TestProfile(DeadSinkProfile.class)
class DeadSinkTest {

    private static final List<String> REASONS = List.of(PayloadLog.QUEUE_FULL, PayloadLog.SINK_TIMEOUT,
            PayloadLog.SINK_UNREACHABLE, PayloadLog.SINK_REFUSED, PayloadLog.UNWRITABLE, PayloadLog.SHUTDOWN);

    private static double dropped(String scrape) {
        return REASONS.stream()
                .mapToDouble(r -> Metrics.valueBefore(scrape, "payload_log_dropped_total{reason=\"" + r + "\"}")).sum();
    }

    @Test
    void predictionsAreAnsweredAndEventsPastTheQueueAreDroppedAndCounted() throws Exception {
        String before = Metrics.scrape();
        String expected = given().queryParam("vol_moving_avg", "2778180.95").queryParam("adj_close_rolling_med", "71.8976")
                .when().get("/predict").then().statusCode(200).extract().asString();
        for (int i = 0; i < 99; i++) {
            given().queryParam("vol_moving_avg", "2778180.95").queryParam("adj_close_rolling_med", "71.8976").when()
                    .get("/predict").then().statusCode(200).body(equalTo(expected));
        }
        // a batch whose events are larger than the whole byte budget: answered, its events dropped
        String batch = Bodies.instances(2_000);
        assertTrue(batch.length() > DeadSinkProfile.QUEUE_BYTES);
        given().contentType(ContentType.JSON).body(batch).when().post("/v1/predictions").then().statusCode(200)
                .body("predictions.size()", equalTo(2_000));

        String after = Metrics.scrape();
        double held = Metrics.value(after, "payload_log_held_events");
        double heldBefore = Metrics.value(before, "payload_log_held_events");
        double sent = Metrics.value(after, "payload_log_sent_total") - Metrics.valueBefore(before, "payload_log_sent_total");
        // every event written is held (queued, or the one post in flight), or dropped: 202 of them
        assertEquals(202, held - heldBefore + dropped(after) - dropped(before) + sent, after);
        assertEquals(0, sent);
        assertTrue(held <= DeadSinkProfile.QUEUE_EVENTS, "held " + held);
        assertTrue(Metrics.value(after, "payload_log_held_bytes") <= DeadSinkProfile.QUEUE_BYTES);
        assertTrue(Metrics.value(after, "payload_log_dropped_total{reason=\"queue-full\"}") >= 150, after);
    }
}
