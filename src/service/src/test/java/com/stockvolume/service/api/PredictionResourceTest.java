package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/predictions: JSON batches, RFC 9457 problems for everything a client can get wrong. */
@QuarkusTest
class PredictionResourceTest {

    static final String PROBLEM = "application/problem+json";

    @Test
    void predictsEveryRowInInputOrderWithTheCardsValues() {
        List<Sample> samples = CommittedModel.samples();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Sample sample : samples) {
            instances.add(Bodies.instance(sample.features()[0], sample.features()[1]));
        }
        String response = given().contentType(ContentType.JSON).body(Map.of("instances", instances))
                .when().post("/v1/predictions")
                .then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("model.name", equalTo("stock-volume"))
                .body("model.version", equalTo(CommittedModel.VERSION))
                .body("predictions", hasSize(samples.size()))
                .extract().asString();
        List<Double> volumes = JsonNumbers.doubles(response).getList("predictions.volume", Double.class);
        for (int i = 0; i < samples.size(); i++) {
            double expected = samples.get(i).prediction();
            assertEquals(expected, volumes.get(i), 1e-9 * Math.max(1, Math.abs(expected)), "row " + i);
        }
    }

    @Test
    void theMaximumNumberOfRowsIsAccepted() {
        given().contentType(ContentType.JSON).body(Bodies.instances(10_000))
                .when().post("/v1/predictions")
                .then().statusCode(200).body("predictions", hasSize(10_000));
    }

    @Test
    void aBatchPastTheInMemoryBufferIsStreamedAndAnsweredTheSame() {
        // bodies up to 1 MB are gathered and parsed on the I/O thread; a larger one (here ~2 MB of
        // the same rows, padded) streams through a worker thread and must give the same answers
        Sample sample = CommittedModel.samples().get(0);
        String row = "{\"vol_moving_avg\":" + sample.features()[0] + ",\"adj_close_rolling_med\":"
                + sample.features()[1] + "}" + " ".repeat(180);
        String body = "{\"instances\":[" + String.join(",", Collections.nCopies(10_000, row)) + "]}";
        assertTrue(body.length() > 2_000_000, "the body must exceed the 1 MB buffer");
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions")
                .then().statusCode(200).body("predictions", hasSize(10_000))
                .extract().asString();
        List<Double> volumes = JsonNumbers.doubles(response).getList("predictions.volume", Double.class);
        assertEquals(sample.prediction(), volumes.get(0), 1e-9 * sample.prediction());
        assertEquals(sample.prediction(), volumes.get(9_999), 1e-9 * sample.prediction());
    }

    @Test
    void invalidValuesAreListedByField() {
        String body = """
                {"instances": [
                  {"vol_moving_avg": 1000, "adj_close_rolling_med": 12.5},
                  {"vol_moving_avg": -1, "adj_close_rolling_med": 1e999},
                  {"adj_close_rolling_med": 3},
                  null
                ]}""";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("type", equalTo("/problems/invalid-request"))
                .body("title", equalTo("Bad Request"))
                .body("status", equalTo(400))
                .body("detail", equalTo("4 invalid value(s) in the request"))
                .body("errors", contains( // in request order
                        "instances[1].vol_moving_avg: must be a finite number >= 0",
                        "instances[1].adj_close_rolling_med: must be a finite number >= 0",
                        "instances[2].vol_moving_avg: is required",
                        "instances[3]: must be an object with vol_moving_avg and adj_close_rolling_med"));
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"instances\":[{\"vol_moving_avg\":1,\"adj_close_rolling_med\":2},"
                        + "{\"vol_moving_avg\":{\"a\":1},\"adj_close_rolling_med\":2}]}")
                .when().post("/v1/predictions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("errors", contains("instances[1].vol_moving_avg: must be a number"));
        given().contentType(ContentType.JSON).body("{\"instances\": 5}")
                .when().post("/v1/predictions")
                .then().statusCode(400).body("errors", contains("instances: must be an array"));
    }

    @Test
    void malformedJsonIsA400WithWhereItBroke() {
        given().contentType(ContentType.JSON).body("{\"instances\":[{\"vol_moving_avg\":1,")
                .when().post("/v1/predictions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", startsWith("the body is not valid JSON at line 1"));
        given().contentType(ContentType.JSON).body("{\"instances\": [x]}")
                .when().post("/v1/predictions")
                .then().statusCode(400).contentType(PROBLEM)
                .body("detail", startsWith("the body is not valid JSON at line 1, column 16"));
    }

    @Test
    void anEmptyOrMissingBatchIsA400() {
        given().contentType(ContentType.JSON).body("{\"instances\":[]}")
                .when().post("/v1/predictions")
                .then().statusCode(400).body("errors", contains("instances: must hold at least one instance"));
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/v1/predictions")
                .then().statusCode(400).body("errors", contains("instances: is required"));
        given().contentType(ContentType.JSON)
                .when().post("/v1/predictions")
                .then().statusCode(400).contentType(PROBLEM).body("errors", contains("instances: is required"));
    }

    @Test
    void moreRowsThanTheLimitIsA413() {
        given().contentType(ContentType.JSON).body(Bodies.instances(10_001))
                .when().post("/v1/predictions")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("/problems/too-many-rows"))
                .body("detail", equalTo("10001 rows in one request; at most 10000 are accepted (predictions.max-instances)"));
    }

    @Test
    void aBodyLargerThanTheLimitIsA413ThatSaysSo() {
        String body = Bodies.instances(100_000);
        assertTrue(body.length() > 4 << 20, "the body is over the 4 MB limit: " + body.length());
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions")
                .then().statusCode(413).contentType(PROBLEM)
                .body("type", equalTo("/problems/too-large"))
                .body("detail", equalTo("the body is " + body.length() + " bytes; at most 4194304 are accepted"
                        + " (quarkus.http.limits.max-body-size)"));
        // under /v2 in the protocol's own form
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v2/models/stock-volume/infer")
                .then().statusCode(413).contentType(ContentType.JSON)
                .body("error", equalTo("the body is " + body.length() + " bytes; at most 4194304 are accepted"
                        + " (quarkus.http.limits.max-body-size)"));
    }

    @Test
    void aBodyThatIsNotJsonIsA415() {
        given().contentType(ContentType.TEXT).body("vol_moving_avg=1")
                .when().post("/v1/predictions")
                .then().statusCode(415).contentType(PROBLEM)
                .body("title", equalTo("Unsupported Media Type"))
                .body("detail", equalTo("send the body as application/json"));
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIsA415NamingIt() {
        given().contentType("application/").body("{\"instances\":[]}".getBytes(StandardCharsets.UTF_8))
                .when().post("/v1/predictions")
                .then().statusCode(415).contentType(PROBLEM)
                .body("detail", startsWith("Content-Type 'application/")).body("detail", endsWith("' is not a media type"));
    }

    @Test
    void noErrorRevealsAClassNameOrStackTrace() {
        for (String body : List.of("{\"instances\":[{\"vol_moving_avg\":\"x\"}]}", "{", "[1]", "{\"instances\":[[1,2]]}")) {
            given().contentType(ContentType.JSON).body(body)
                    .when().post("/v1/predictions")
                    .then().statusCode(400)
                    .body(not(containsString("java.")))
                    .body(not(containsString("Exception")))
                    .body(not(containsString("com.stockvolume")));
        }
    }

    @Test
    void anUnknownPathIsAProblemToo() {
        given().when().get("/v1/nothing-here")
                .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404));
    }
}
