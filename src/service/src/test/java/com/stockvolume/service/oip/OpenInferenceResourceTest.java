package com.stockvolume.service.oip;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Open Inference Protocol (KServe v2) REST API. */
@QuarkusTest
class OpenInferenceResourceTest {

    @Test
    void describesTheServer() {
        given().when().get("/v2")
                .then().statusCode(200)
                .body("name", equalTo("stock-volume-service"))
                .body("version", equalTo(System.getProperty("project.version"))) // the pom's, passed by the test plugins
                .body("extensions", contains("binary_tensor_data"));
    }

    @Test
    void isLiveAndReady() {
        given().when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
        given().when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
        given().when().get("/v2/models/stock-volume/ready")
                .then().statusCode(200).body("name", equalTo("stock-volume")).body("ready", equalTo(true));
        given().when().get("/v2/models/stock-volume/versions/" + CommittedModel.VERSION + "/ready")
                .then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void describesTheModelWithItsRealDatatypesAndShapes() {
        for (String path : List.of("/v2/models/stock-volume", "/v2/models/stock-volume/versions/" + CommittedModel.VERSION)) {
            given().when().get(path)
                    .then().statusCode(200)
                    .body("name", equalTo("stock-volume"))
                    .body("versions", contains(CommittedModel.VERSION))
                    .body("platform", equalTo("onnxruntime_onnx"))
                    .body("inputs[0].name", equalTo("features"))
                    .body("inputs[0].datatype", equalTo("FP64"))
                    .body("inputs[0].shape", contains(-1, 2))
                    .body("outputs[0].name", equalTo("volume"))
                    .body("outputs[0].datatype", equalTo("FP64"))
                    .body("outputs[0].shape", contains(-1, 1));
        }
    }

    @Test
    void infersTheSameNumbersAsV1ForTheSameRows() {
        List<Sample> samples = CommittedModel.samples();
        List<Double> flat = new ArrayList<>();
        List<List<Double>> nested = new ArrayList<>();
        List<Map<String, Object>> instances = new ArrayList<>();
        for (Sample s : samples) {
            flat.add(s.features()[0]);
            flat.add(s.features()[1]);
            nested.add(List.of(s.features()[0], s.features()[1]));
            instances.add(Bodies.instance(s.features()[0], s.features()[1]));
        }
        List<Double> v1 = JsonNumbers.doubles(given().contentType(ContentType.JSON).body(Map.of("instances", instances))
                .when().post("/v1/predictions").then().statusCode(200).extract().asString())
                .getList("predictions.volume", Double.class);

        for (Object data : List.of(flat, nested)) {
            JsonPath answer = JsonNumbers.doubles(given().contentType(ContentType.JSON)
                    .body(Map.of("id", "req-7", "inputs", List.of(Bodies.tensor(samples.size(), 2, data, "FP64")),
                            "outputs", List.of(Map.of("name", "volume"))))
                    .when().post("/v2/models/stock-volume/versions/" + CommittedModel.VERSION + "/infer")
                    .then().statusCode(200).extract().asString());
            assertEquals("stock-volume", answer.getString("model_name"));
            assertEquals(CommittedModel.VERSION, answer.getString("model_version"));
            assertEquals("req-7", answer.getString("id"));
            assertEquals("volume", answer.getString("outputs[0].name"));
            assertEquals("FP64", answer.getString("outputs[0].datatype"));
            assertEquals(List.of(samples.size(), 1), answer.getList("outputs[0].shape", Integer.class));
            assertEquals(v1, answer.getList("outputs[0].data", Double.class));
        }
        for (int i = 0; i < samples.size(); i++) {
            double expected = samples.get(i).prediction();
            assertEquals(expected, v1.get(i), 1e-9 * Math.max(1, expected));
        }
    }

    @Test
    void acceptsFp32Input() {
        Sample s = CommittedModel.samples().get(0);
        given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Bodies.tensor(1, 2, List.of(s.features()[0], s.features()[1]), "FP32"))))
                .when().post("/v2/models/stock-volume/infer")
                .then().statusCode(200).body("outputs[0].shape", contains(1, 1));
    }

    @Test
    void badRequestsAre400WithAnError() {
        given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Bodies.tensor(2, 2, List.of(1, 2, 3), "FP64"))))
                .when().post("/v2/models/stock-volume/infer")
                .then().statusCode(400).contentType(ContentType.JSON)
                .body("error", equalTo("input 'features' has 3 values; shape [2, 2] needs 4"));
        given().contentType(ContentType.JSON).body("{\"inputs\": [")
                .when().post("/v2/models/stock-volume/infer")
                .then().statusCode(400).body("error", startsWith("the body is not valid JSON"));
    }

    @Test
    void unknownModelsAndVersionsAre404WithAnError() {
        given().when().get("/v2/models/other").then().statusCode(404).body("error", equalTo("unknown model 'other'"));
        given().when().get("/v2/models/stock-volume/versions/9")
                .then().statusCode(404)
                .body("error",
                        equalTo("unknown version '9' of model 'stock-volume'; loaded: [" + CommittedModel.VERSION + "]"));
        given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Bodies.tensor(1, 2, List.of(1, 2), "FP64"))))
                .when().post("/v2/models/stock-volume/versions/9/infer")
                .then().statusCode(404).body("error", startsWith("unknown version '9'"));
        given().when().get("/v2/models/stock-volume/versions/9/ready").then().statusCode(404);
    }
}
