package com.stockvolume.service.health;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.drift.InputDrift;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.Management;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code warmup.duration} set, the service sends itself its models' card samples through the HTTP
 * stack before it reports ready, and forgets the drift samples they fed.
 */
@QuarkusTest
@TestProfile(WarmupTest.Warming.class)
class WarmupTest {

    /** Long enough that the test nearly always sees it warming up; the test holds on a machine that starts it later. */
    public static class Warming implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("warmup.duration", "15s", "warmup.connections", "4");
        }
    }

    @Inject
    InputDrift drift;

    @Inject
    ModelRegistry registry;

    @Test
    void warmsUpThroughTheWholeStackBeforeItIsReady() throws InterruptedException {
        // the models are loaded, the warm-up is under way: not ready yet, and it says why (asked only while the
        // warm-up runs both before and after the probe, so that a machine that starts this test late is no failure)
        boolean warming = registry.warming();
        Response probe = Management.given().when().get("/q/health/ready");
        if (warming && registry.warming()) {
            probe.then().statusCode(503).body("checks.find { it.name == 'model' }.data.reason", equalTo("warming up"));
        }

        Conditions.waitUntil(() -> Management.given().when().get("/q/health/ready").statusCode() == 200);
        Management.given().when().get("/q/health/ready").then().body("status", equalTo("UP"));

        // every surface the warm-up takes was served (this test sent no inference of its own)
        String scrape = Metrics.scrape();
        String version = ",version=\"" + CommittedModel.VERSION + "\"}";
        for (String endpoint : new String[]{"predict", "v1", "v2"}) {
            assertTrue(
                    Metrics.value(scrape,
                            "predictions_total{endpoint=\"" + endpoint + "\",model=\"stock-volume\"" + version) > 0,
                    endpoint);
        }
        assertTrue(Metrics.value(scrape, "predictions_total{endpoint=\"v2\",model=\"stock-volume-forecast\",version=\""
                + CommittedModel.FORECAST.getFileName() + "\"}") > 0);
        // the forecast's drift sample held the card's rows only while warming up: forgotten since
        // (a PSI computed just before the warm-up ended is replaced within the next 5-second recompute)
        String forecast = CommittedModel.FORECAST.getFileName().toString();
        assertTrue(!drift.psi("stock-volume-forecast", forecast).isEmpty(), "the forecast has drift meters");
        Conditions.waitUntil(() -> drift.psi("stock-volume-forecast", forecast).values().stream().allMatch(psi -> psi.isNaN()));
    }
}
