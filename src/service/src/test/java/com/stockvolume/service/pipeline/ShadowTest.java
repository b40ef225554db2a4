package com.stockvolume.service.pipeline;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A shadow: PUT /admin/models/{name}/shadow has a version also score the calls the default answers, after the answer;
 * GET /v1/models/{name}/versions/{version}/comparison then gives both versions' errors on the same rows, their ratio
 * with a paired bootstrap interval and the relative difference, equal to what the test computes from each version's
 * own answers. A canary's calls are compared the same way, with the default scoring them after.
 */
@QuarkusTest
@TestProfile(RolloutProfile.class)
class ShadowTest {

    private static final String ADMIN = "/admin/models/stock-volume";
    private static final String COMPARISON = "/v1/models/stock-volume/versions/1/comparison";

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + RolloutProfile.TOKEN);
    }

    @AfterEach
    void end() {
        admin().when().delete(ADMIN + "/shadow").then().statusCode(200);
        admin().when().delete(ADMIN + "/canary").then().statusCode(200);
    }

    /** Version {@code version}'s predictions for feature rows (row-major, two wide), asked by version. */
    private static double[] byVersion(String version, double[] rows) {
        return JsonNumbers.doubles(given().contentType(ContentType.JSON).body(Bodies.infer(rows, 2, "FP64")).when()
                .post("/v2/models/stock-volume/versions/" + version + "/infer").then().statusCode(200).extract()
                .asString()).getList("outputs[0].data", Double.class).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static JsonPath comparison() {
        return JsonNumbers.doubles(given().when().get(COMPARISON).then().statusCode(200).extract().asString());
    }

    @Test
    void aShadowIsComparedWithTheDefaultOnTheSameRows() throws Exception {
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "sample", 1.0)).when().put(ADMIN + "/shadow")
                .then().statusCode(200).body("defaultVersion", equalTo("2")).body("shadow.version", equalTo("1"))
                .body("shadow.sample", equalTo(1.0f));
        given().when().get("/v1/models/stock-volume").then().body("shadow.version", equalTo("1"));

        List<Map<String, Object>> bars = Bars.aapl();
        JsonPath answer = JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "AAPL", "bars", bars, "dates", "all")).when().post("/v1/predictions/from-bars").then()
                .statusCode(200).body("model.version", equalTo("2")).extract().asString());
        int n = answer.getList("predictions").size();
        Conditions.waitUntil(() -> comparison().getLong("rowsCompared") == n);

        // what the comparison must say, from each version's own answers on the same feature rows
        double[] rows = new double[2 * n];
        double[] actual = new double[n];
        double[] defaults = new double[n];
        Map<String, Double> volumeOn = new HashMap<>();
        bars.forEach(b -> volumeOn.put((String) b.get("date"), (Double) b.get("volume")));
        for (int i = 0; i < n; i++) {
            rows[2 * i] = answer.getDouble("predictions[" + i + "].vol_moving_avg");
            rows[2 * i + 1] = answer.getDouble("predictions[" + i + "].adj_close_rolling_med");
            defaults[i] = answer.getDouble("predictions[" + i + "].volume");
            actual[i] = volumeOn.get(answer.getString("predictions[" + i + "].date"));
        }
        double[] candidates = byVersion("1", rows);
        double candidateMae = 0;
        double defaultMae = 0;
        double[] differences = new double[n];
        for (int i = 0; i < n; i++) {
            candidateMae += Math.abs(actual[i] - candidates[i]) / n;
            defaultMae += Math.abs(actual[i] - defaults[i]) / n;
            differences[i] = Math.abs(candidates[i] - defaults[i]) / Math.abs(defaults[i]);
        }
        Arrays.sort(differences);

        JsonPath report = comparison();
        assertEquals("stock-volume", report.getString("model"));
        assertEquals("1", report.getString("version"));
        assertEquals("2", report.getString("against"));
        assertEquals("shadow", report.getString("mode"));
        assertEquals(n, report.getLong("actuals.rows"));
        assertEquals(candidateMae, report.getDouble("actuals.maeCandidate"), 1e-6 * candidateMae);
        assertEquals(defaultMae, report.getDouble("actuals.maeDefault"), 1e-6 * defaultMae);
        double ratio = report.getDouble("actuals.ratio");
        assertEquals(candidateMae / defaultMae, ratio, 1e-6 * ratio);
        assertTrue(report.getDouble("actuals.ratioLower") <= ratio && ratio <= report.getDouble("actuals.ratioUpper"),
                report.prettify());
        assertTrue(report.getString("actuals.method").startsWith("paired bootstrap"));
        assertEquals(differences[Math.round(0.5f * (n - 1))], report.getDouble("relativeDifference.median"), 1e-9);
        assertEquals(differences[Math.round(0.95f * (n - 1))], report.getDouble("relativeDifference.p95"), 1e-9);
        String scrape = Metrics.scrape();
        assertEquals(n, Metrics.value(scrape, "model_comparison_rows_total{model=\"stock-volume\",version=\"1\"}"));
        assertEquals(n, Metrics.value(scrape, "model_comparison_checks_total{model=\"stock-volume\",version=\"1\"}"));
        assertEquals(candidateMae * n, Metrics.value(scrape,
                "model_comparison_absolute_error_total{model=\"stock-volume\",side=\"candidate\",version=\"1\"}"),
                1e-6 * candidateMae * n);

        // a call larger than what may wait for its second scoring is answered, and not compared
        given().contentType(ContentType.JSON).body(Bodies.instances(RolloutProfile.QUEUE_ROWS + 1)).when()
                .post("/v1/predictions").then().statusCode(200).body("model.version", equalTo("2"));
        Conditions.waitUntil(() -> comparison().getLong("dropped.queue-full") == 1);
        assertEquals(n, comparison().getLong("rowsCompared"));
    }

    @Test
    void aCanarysCallsAreScoredByTheDefaultAfterTheirAnswer() throws Exception {
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "percent", 100)).when().put(ADMIN + "/canary")
                .then().statusCode(200);
        List<Double> candidates = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            candidates.add(JsonNumbers.doubles(given().contentType(ContentType.JSON)
                    .body(Map.of("instances", List.of(Bodies.instance(1e6 + 1000 * i, 20)))).when().post("/v1/predictions")
                    .then().statusCode(200).body("model.version", equalTo("1")).extract().asString())
                    .getDouble("predictions[0].volume"));
        }
        Conditions.waitUntil(() -> comparison().getLong("rowsCompared") == 10);
        JsonPath report = comparison();
        assertEquals("canary", report.getString("mode"));
        assertEquals("2", report.getString("against"));
        assertEquals(0, report.getLong("actuals.rows"));
        double[] rows = new double[20];
        for (int i = 0; i < 10; i++) {
            rows[2 * i] = 1e6 + 1000 * i;
            rows[2 * i + 1] = 20;
        }
        double[] defaults = byVersion("2", rows);
        double[] differences = new double[10];
        for (int i = 0; i < 10; i++) {
            differences[i] = Math.abs(candidates.get(i) - defaults[i]) / Math.abs(defaults[i]);
        }
        Arrays.sort(differences);
        assertEquals(differences[Math.round(0.5f * 9)], report.getDouble("relativeDifference.median"), 1e-9);
    }

    @Test
    void aBadShadowOrAnUnknownComparisonIsRefusedNamingTheProblem() {
        admin().contentType(ContentType.JSON).body(Map.of("version", "1", "sample", 1.5)).when().put(ADMIN + "/shadow")
                .then().statusCode(400).body("errors", hasItem("sample: must be more than 0 and at most 1, got 1.5"));
        admin().contentType(ContentType.JSON).body(Map.of("version", "1")).when().put(ADMIN + "/shadow").then()
                .statusCode(400).body("errors", hasItem("sample: is required"));
        admin().contentType(ContentType.JSON).body(Map.of("version", "2", "sample", 1)).when().put(ADMIN + "/shadow")
                .then().statusCode(400).body("errors", hasItem("version: 2 is the default version of stock-volume already"));
        given().when().get("/v1/models/stock-volume/versions/2/comparison").then().statusCode(404)
                .body("detail", equalTo("no canary or shadow of version '2' of model 'stock-volume' has been compared"
                        + " since the service started"));
        given().when().get("/v1/models/no-such-model/versions/1/comparison").then().statusCode(404);
    }
}
