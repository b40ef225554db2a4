package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.FailureAnswers;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Management;
import com.stockvolume.service.support.Metrics;
import com.stockvolume.service.support.ModelRepositoryFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Model versions rolled out and back while the service runs: reload, refusal of bad versions,
 * pinning, and no failed request during a swap.
 */
@QuarkusTest
@TestProfile(ReloadProfile.class)
class ReloadTest {

    /** A sample row of each version's card and what that version predicts for it. */
    private static final double[] ROW_1 = ModelRepositoryFixture.FIRST_CARD.samples().get(0).features();
    private static final double VOLUME_1 = ModelRepositoryFixture.FIRST_CARD.samples().get(0).prediction();
    private static final double[] ROW_2 = ModelRepositoryFixture.SECOND_CARD.samples().get(0).features();
    private static final double VOLUME_2 = ModelRepositoryFixture.SECOND_CARD.samples().get(0).prediction();

    private final ModelRepositoryFixture repository = new ModelRepositoryFixture(ReloadProfile.REPOSITORY);

    @BeforeEach
    void onlyVersionOneIsServed() {
        repository.reset();
        admin().delete("/admin/models/stock-volume/default").then().statusCode(200);
        admin().post("/admin/models/stock-volume/reload").then().statusCode(200).body("versions", contains("1"));
    }

    static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ReloadProfile.TOKEN);
    }

    @Test
    void theTwoVersionsPredictDifferentVolumesForTheSameRows() {
        repository.publishSecond();
        admin().post("/admin/models/stock-volume/reload").then().statusCode(200).body("versions", contains("2"));
        Prediction p = predict();
        assertPrediction(p, "2");
        assertTrue(Math.abs(p.volumes()[0] - VOLUME_1) > 1000,
                "the tests tell the versions apart by their answers: version 2 says " + p.volumes()[0]
                        + " where version 1 says " + VOLUME_1);
    }

    @Test
    void aReloadWithNothingNewChangesNothing() {
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(200)
                .body("model", equalTo("stock-volume"))
                .body("loaded", empty())
                .body("unloaded", empty())
                .body("refused", empty())
                .body("versions", contains("1"))
                .body("defaultVersion", equalTo("1"))
                .body("policy", equalTo("latest"));
    }

    @Test
    void aNewVersionIsSwappedInAndTheOldOneUnloaded() {
        repository.publishSecond();
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(200)
                .body("loaded", contains("2"))
                .body("unloaded", contains("1"))
                .body("versions", contains("2"))
                .body("defaultVersion", equalTo("2"));
        assertPrediction(predict(), "2");
        given().get("/v1/models/stock-volume").then().statusCode(200)
                .body("version", equalTo("2"))
                .body("sha256", equalTo(ModelRepositoryFixture.SECOND_CARD.sha256()))
                .body("versions.version", contains("2"));
        Management.given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'model' }.data.version",
                equalTo("2"));
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("model_info{name=\"stock-volume\",sha256=\"" + ModelRepositoryFixture.SECOND_CARD.sha256()
                + "\",version=\"2\"} 1.0"), "model_info of version 2");
        assertTrue(!metrics.contains("model_info{name=\"stock-volume\",sha256=\"" + ModelRepositoryFixture.FIRST_CARD.sha256()),
                "version 1's model_info is gone");
    }

    @Test
    void removingTheNewestVersionRollsBackToTheOneBefore() {
        repository.publishSecond();
        admin().post("/admin/models/stock-volume/reload").then().statusCode(200).body("versions", contains("2"));
        repository.remove(2);
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(200)
                .body("loaded", contains("1"))
                .body("unloaded", contains("2"))
                .body("versions", contains("1"));
        assertPrediction(predict(), "1");
    }

    @Test
    void aCorruptVersionIsRefusedAndThePreviousOneKeepsServing() {
        double failuresBefore = reloadFailures();
        repository.publishCorrupt(3);
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(422)
                .body("refused", hasSize(1))
                .body("refused[0].version", equalTo("3"))
                .body("refused[0].error", containsString("sha256"))
                .body("refused[0].error", containsString("3/model.onnx"))
                .body("versions", contains("1"));
        assertPrediction(predict(), "1");
        given().get("/v1/models/stock-volume").then().statusCode(200)
                .body("version", equalTo("1"))
                .body("refused[0].version", equalTo("3"))
                .body("refused[0].error", containsString("sha256"));
        assertEquals(failuresBefore + 1, reloadFailures());

        // Unchanged, it is reported again but not retried (nor counted) on every reload or poll
        admin().post("/admin/models/stock-volume/reload").then().statusCode(422).body("refused[0].version", equalTo("3"));
        assertEquals(failuresBefore + 1, reloadFailures());
    }

    @Test
    void aVersionWhoseCardNamesAnotherVersionIsRefused() {
        repository.publishMislabelled(4);
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(422)
                .body("refused[0].version", equalTo("4"))
                .body("refused[0].error", containsString("says version 2 but its folder is 4"))
                .body("versions", contains("1"));
        assertPrediction(predict(), "1");
    }

    /** A card the loader accepts but the meters cannot read is a refused version, not a failed reload. */
    @Test
    void aVersionWhoseEvaluationHasNoSlicesIsRefused() {
        repository.publishWithCard(6, card -> ((ObjectNode) card.get("evaluation")).remove("slices"));
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(422)
                .body("refused[0].version", equalTo("6"))
                .body("refused[0].error", containsString("6: its card's evaluation or features cannot be read"))
                .body("versions", contains("1"));
        assertPrediction(predict(), "1");
    }

    /** A rollout never changes what callers must send: the default model's versions are all same-day. */
    @Test
    void aVersionOfAnotherKindIsRefused() {
        repository.publishForecast(5);
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(422)
                .body("refused[0].version", equalTo("5"))
                .body("refused[0].error", containsString("5 holds a forecast model (inputs vol_mean_30d, "))
                .body("refused[0].error", endsWith("must be a same-day model (inputs vol_moving_avg, adj_close_rolling_med)"))
                .body("versions", contains("1"));
        assertPrediction(predict(), "1");
    }

    @Test
    void aRefusedNewestVersionFallsBackToTheNewestGoodOne() {
        repository.publishSecond();
        repository.publishCorrupt(3);
        admin().post("/admin/models/stock-volume/reload")
                .then().statusCode(422)
                .body("refused.version", contains("3"))
                .body("loaded", contains("2"))
                .body("versions", contains("2"));
        assertPrediction(predict(), "2");
    }

    @Test
    void pinningAnOlderVersionRollsBackUnversionedCalls() {
        repository.publishSecond();
        admin().post("/admin/models/stock-volume/reload").then().statusCode(200).body("versions", contains("2"));

        admin().post("/admin/models/stock-volume/versions/1/default")
                .then().statusCode(200)
                .body("pinned", equalTo("1"))
                .body("defaultVersion", equalTo("1"))
                .body("versions", contains("1", "2"));
        assertPrediction(predict(), "1");
        given().get("/v1/models/stock-volume").then().statusCode(200)
                .body("version", equalTo("1")).body("pinned", equalTo("1")).body("versions.version", contains("1", "2"));
        // the newer version stays reachable by name
        JsonPath v2 = JsonNumbers.doubles(infer("/v2/models/stock-volume/versions/2/infer", ROW_2)
                .statusCode(200).body("model_version", equalTo("2")).extract().asString());
        assertClose(VOLUME_2, v2.getDouble("outputs[0].data[0]"));
        JsonPath unversioned = JsonNumbers.doubles(infer("/v2/models/stock-volume/infer", ROW_1)
                .statusCode(200).body("model_version", equalTo("1")).extract().asString());
        assertClose(VOLUME_1, unversioned.getDouble("outputs[0].data[0]"));

        admin().delete("/admin/models/stock-volume/default")
                .then().statusCode(200)
                .body("pinned", nullValue())
                .body("versions", contains("2"))
                .body("unloaded", contains("1"));
        assertPrediction(predict(), "2");
    }

    @Test
    void pinningAMissingOrBadVersionChangesNothing() {
        admin().post("/admin/models/stock-volume/versions/9/default")
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("unknown version '9' of model 'stock-volume'; version folders: [1]"));
        admin().post("/admin/models/stock-volume/versions/latest/default").then().statusCode(404);
        repository.publishCorrupt(3);
        FailureAnswers.assertAnswers(Failure.VERSION_REFUSED,
                admin().post("/admin/models/stock-volume/versions/3/default"));
        admin().post("/admin/models/stock-volume/versions/3/default")
                .then().statusCode(422)
                .body("detail", containsString("version 3 of model 'stock-volume' was refused"))
                .body("detail", containsString("sha256"));
        given().get("/v1/models/stock-volume").then().body("pinned", nullValue()).body("version", equalTo("1"));
        assertPrediction(predict(), "1");
    }

    @Test
    void eachModelReloadsAndPinsOnItsOwn() {
        repository.publishSecond(); // new on disk for stock-volume, which the forecast's reload must not pick up
        admin().post("/admin/models/stock-volume-forecast/reload")
                .then().statusCode(200)
                .body("model", equalTo("stock-volume-forecast"))
                .body("versions", contains("1"))
                .body("loaded", empty());
        given().get("/v1/models/stock-volume").then().body("version", equalTo("1"));
        try {
            admin().post("/admin/models/stock-volume-forecast/versions/1/default")
                    .then().statusCode(200).body("pinned", equalTo("1"));
            given().get("/v1/models/stock-volume").then().body("pinned", nullValue());
            given().get("/v1/models").then().body("find { it.name == 'stock-volume-forecast' }.pinned", equalTo("1"));
        } finally {
            admin().delete("/admin/models/stock-volume-forecast/default").then().statusCode(200).body("pinned", nullValue());
        }
        assertPrediction(predict(), "1");
    }

    @Test
    void unknownModelsAndVersionsAre404() {
        admin().post("/admin/models/other/reload").then().statusCode(404)
                .body("detail", equalTo("unknown model 'other'"));
        given().get("/v1/models/stock-volume/versions/2").then().statusCode(404)
                .body("detail", equalTo("unknown version '2' of model 'stock-volume'; loaded: [1]"));
        given().get("/v1/models/stock-volume/versions/1").then().statusCode(200).body("version", equalTo("1"));
        infer("/v2/models/stock-volume/versions/2/infer", ROW_1).statusCode(404)
                .body("error", equalTo("unknown version '2' of model 'stock-volume'; loaded: [1]"));
    }

    /**
     * 8 clients predict without pause while versions 2 and 1 are swapped 20 times: every answer
     * is a 200, and its value is the one its reported version predicts.
     */
    @Test
    void noRequestFailsOrMixesVersionsDuringTwentySwaps() throws Exception {
        AtomicBoolean swapping = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<int[]>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(clients.submit(() -> {
                    int[] perVersion = new int[3];
                    while (swapping.get()) {
                        Prediction p = predict();
                        assertAnsweredByItsVersion(p);
                        perVersion[Integer.parseInt(p.version())]++;
                    }
                    return perVersion;
                }));
            }
            for (int swap = 0; swap < 20; swap++) {
                if (swap % 2 == 0) {
                    repository.publishSecond();
                } else {
                    repository.remove(2);
                }
                String expected = swap % 2 == 0 ? "2" : "1";
                admin().post("/admin/models/stock-volume/reload").then().statusCode(200)
                        .body("versions", contains(expected));
            }
            swapping.set(false);
            int[] total = new int[3];
            for (Future<int[]> result : results) {
                int[] perVersion = result.get();
                total[1] += perVersion[1];
                total[2] += perVersion[2];
            }
            assertTrue(total[1] > 0 && total[2] > 0, "requests ran on both versions: " + total[1] + " / " + total[2]);
        } finally {
            swapping.set(false);
            clients.shutdownNow();
        }
    }

    /** @param volumes the answers for {@code ROW_1} and {@code ROW_2} */
    record Prediction(String version, double[] volumes) {
    }

    private static final Pattern ANSWER = Pattern.compile("\\{\"model\":\\{\"name\":\"stock-volume\",\"version\":\"(\\d+)\"},"
            + "\"predictions\":\\[\\{\"volume\":([^}]+)},\\{\"volume\":([^}]+)}]}");

    /** Both sample rows in one batch; anything but a 200 in the expected shape fails the test. */
    private static Prediction predict() {
        var response = given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(
                        Bodies.instance(ROW_1[0], ROW_1[1]),
                        Bodies.instance(ROW_2[0], ROW_2[1]))))
                .post("/v1/predictions");
        Matcher m = ANSWER.matcher(response.asString());
        if (response.statusCode() != 200 || !m.matches()) {
            throw new AssertionError("HTTP " + response.statusCode() + ": " + response.asString());
        }
        return new Prediction(m.group(1),
                new double[]{Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
    }

    private static ValidatableResponse infer(String path, double[] row) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "features", "shape", List.of(1, 2),
                        "datatype", "FP64", "data", List.of(row[0], row[1])))))
                .post(path).then();
    }

    /** The answer came from {@code version}: it says so, and gives that version's value for its own sample row. */
    private static void assertPrediction(Prediction p, String version) {
        assertEquals(version, p.version());
        assertAnsweredByItsVersion(p);
    }

    /** The version the answer names is one of the two, and the values are that version's. */
    private static void assertAnsweredByItsVersion(Prediction p) {
        switch (p.version()) {
            case "1" -> assertClose(VOLUME_1, p.volumes()[0]);
            case "2" -> assertClose(VOLUME_2, p.volumes()[1]);
            default -> throw new AssertionError("answered by version " + p.version() + ", neither 1 nor 2");
        }
    }

    private static void assertClose(double expected, double actual) {
        assertTrue(Parity.relativeError(actual, expected) <= 1e-9, "expected " + expected + ", got " + actual);
    }

    private static double reloadFailures() {
        return Metrics.value(Metrics.scrape(), "model_reload_failures_total{model=\"stock-volume\"}");
    }
}
