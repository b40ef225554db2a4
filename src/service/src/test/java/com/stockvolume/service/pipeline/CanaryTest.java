package com.stockvolume.service.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A canary: PUT /admin/models/{name}/canary sends its share of the model's unversioned calls to a version, from-bars
 * calls of one symbol all to one side; every answer names the version that served it (GET /predict in Model-Version),
 * with that version's numbers; calls naming a version stay on it; DELETE ends it.
 */
@QuarkusTest
@TestProfile(RolloutProfile.class)
class CanaryTest {

    private static final String CANARY = "/admin/models/stock-volume/canary";

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + RolloutProfile.TOKEN);
    }

    @AfterEach
    void endCanary() {
        admin().when().delete(CANARY).then().statusCode(200);
    }

    private static void startCanary(String version, double percent) {
        admin().contentType(ContentType.JSON).body(Map.of("version", version, "percent", percent)).when().put(CANARY)
                .then().statusCode(200).body("model", equalTo("stock-volume")).body("defaultVersion", equalTo("2"))
                .body("canary.version", equalTo(version)).body("canary.percent", equalTo((float) percent));
    }

    /** What a version answers for the row when asked by version, truncated as GET /predict answers. */
    private static long byVersion(String version, double volMovingAvg, double adjCloseRollingMed) {
        return (long) JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Bodies.infer(new double[]{volMovingAvg, adjCloseRollingMed}, 2, "FP64")).when()
                .post("/v2/models/stock-volume/versions/" + version + "/infer").then().statusCode(200)
                .body("model_version", equalTo(version)).extract().asString()).getDouble("outputs[0].data[0]");
    }

    @Test
    void aCanaryTakesItsShareOfCallsAndEachAnswerNamesTheVersionWithItsNumbers() {
        long one = byVersion("1", 2778180.95, 71.8976);
        long two = byVersion("2", 2778180.95, 71.8976);
        assertTrue(one != two, "the versions must answer differently for the test to tell them apart");
        startCanary("1", 50);
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < 200; i++) {
            Response answer = given().queryParam("vol_moving_avg", "2778180.95").queryParam("adj_close_rolling_med", "71.8976")
                    .when().get("/predict");
            assertEquals(200, answer.statusCode());
            String version = answer.header("Model-Version");
            assertEquals(version.equals("1") ? one : two, Long.parseLong(answer.asString()), version);
            served.merge(version, 1, Integer::sum);
        }
        // binomial(200, 0.5): 60 to 140 is the mean +- 5.6 standard deviations
        assertTrue(served.get("1") >= 60 && served.get("1") <= 140, served.toString());
        assertEquals(200, served.get("1") + served.get("2"));
    }

    @Test
    void fromBarsCallsOfOneSymbolStayOnOneSide() {
        startCanary("1", 50);
        List<Map<String, Object>> bars = Bars.aapl();
        Set<String> versions = new HashSet<>();
        for (int s = 0; s < 24; s++) {
            String symbol = "SYM" + s;
            Set<String> ofSymbol = new HashSet<>();
            for (int call = 0; call < 3; call++) {
                ofSymbol.add(given().contentType(ContentType.JSON).body(Map.of("symbol", symbol, "bars", bars)).when()
                        .post("/v1/predictions/from-bars").then().statusCode(200).extract().path("model.version"));
            }
            assertEquals(1, ofSymbol.size(), symbol + " was served by " + ofSymbol);
            versions.addAll(ofSymbol);
        }
        assertEquals(Set.of("1", "2"), versions); // all 24 symbols on one side: 2 in 2^23
    }

    @Test
    void callsThatNameAVersionStayOnItAndTheSplitIsShownAndMetered() {
        startCanary("1", 100);
        for (int i = 0; i < 20; i++) {
            given().contentType(ContentType.JSON).body(Bodies.infer(new double[]{1e6, 20}, 2, "FP64")).when()
                    .post("/v2/models/stock-volume/versions/2/infer").then().statusCode(200)
                    .body("model_version", equalTo("2"));
            given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Bodies.instance(1e6, 20)))).when()
                    .post("/v1/predictions").then().statusCode(200).body("model.version", equalTo("1"));
        }
        given().when().get("/v1/models/stock-volume").then().statusCode(200).body("version", equalTo("2"))
                .body("canary.version", equalTo("1")).body("canary.percent", equalTo(100f))
                .body("canary.since", equalTo(given().when().get("/v1/models/stock-volume").path("canary.since")));
        assertEquals(100, Metrics.value("model_canary_percent{model=\"stock-volume\",version=\"1\"}"));

        admin().when().delete(CANARY).then().statusCode(200).body("canary", nullValue());
        given().contentType(ContentType.JSON).body(Map.of("instances", List.of(Bodies.instance(1e6, 20)))).when()
                .post("/v1/predictions").then().statusCode(200).body("model.version", equalTo("2"));
        given().when().get("/v1/models/stock-volume").then().statusCode(200).body("canary", nullValue());
        assertFalse(Metrics.scrape().contains("model_canary_percent{"));
    }

    @Test
    void aBadCanaryIsRefusedNamingTheField() {
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "percent", 0)).when().put(CANARY).then()
                .statusCode(400).body("errors", hasItem("percent: must be more than 0 and at most 100, got 0.0"));
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "percent", 101)).when().put(CANARY).then()
                .statusCode(400).body("errors", hasItem("percent: must be more than 0 and at most 100, got 101.0"));
        admin().contentType(ContentType.JSON).body(Map.of("percent", 10)).when().put(CANARY).then().statusCode(400)
                .body("errors", hasItem("version: is required"));
        admin().contentType(ContentType.JSON).body(Map.of("version", "2", "percent", 10)).when().put(CANARY).then()
                .statusCode(400).body("errors", hasItem("version: 2 is the default version of stock-volume already"));
        admin().contentType(ContentType.JSON).when().put(CANARY).then().statusCode(400)
                .body("errors", hasItems("version: is required", "percent: is required"));
        admin().contentType(ContentType.JSON).body("{\"version\": \"1\", \"percent\": \"ten\"}").when().put(CANARY)
                .then().statusCode(400);
        admin().contentType(ContentType.JSON).body(Map.of("version", "9", "percent", 10)).when().put(CANARY).then()
                .statusCode(404);
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "percent", 10)).when()
                .put("/admin/models/no-such-model/canary").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("version", "1", "percent", 10)).when().put(CANARY).then()
                .statusCode(401);
        given().when().get("/v1/models/stock-volume").then().statusCode(200).body("canary", nullValue());
    }
}
