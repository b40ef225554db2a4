package com.stockvolume.service.payloadlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.EventSink;
import com.stockvolume.service.support.Metrics;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** payload-log.mode=response logs answers only; sample-ratio=0.5 about half of the exchanges, each at most once. */
@QuarkusTest
@TestProfile(SampledProfile.class)
class SampledTest {

    @Test
    void responsesOnlyForAboutHalfOfTheExchanges() throws Exception {
        for (int i = 0; i < 200; i++) {
            given().queryParam("vol_moving_avg", 1000 + i).queryParam("adj_close_rolling_med", "12.5").when()
                    .get("/predict").then().statusCode(200);
        }
        Conditions.waitUntil(() -> Metrics.value("payload_log_held_events") == 0);
        List<CloudEvent> events = SampledProfile.SINK.events();
        assertTrue(events.stream().allMatch(e -> e.getType().equals(PayloadLog.RESPONSE_TYPE)), events.toString());
        // binomial(200, 0.5): 60 to 140 is the mean +- 5.6 standard deviations
        assertTrue(events.size() >= 60 && events.size() <= 140, events.size() + " events");
        Set<String> ids = events.stream().map(CloudEvent::getId).collect(Collectors.toSet());
        assertEquals(events.size(), ids.size());
        assertEquals(events.size(), Metrics.value("payload_log_sent_total"));
        assertEquals(List.of(), SampledProfile.SINK.errors());
        events.forEach(e -> assertTrue(EventSink.data(e).path("volume").asLong() > 0));
    }
}
