package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelInferResponse;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both forecast versions served at once: version 1 takes nine inputs and answers the volume; version 2
 * (the default) takes 27 and answers the volume and its 80% interval, over REST and gRPC, each version
 * reading rows by its own signature.
 */
@QuarkusTest
@TestProfile(ForecastVersionsTest.EveryForecastVersion.class)
class ForecastVersionsTest {

    static final String MODEL = "stock-volume-forecast";
    static final ModelCard FIRST = CommittedModel.read(MultiModelTest.FIRST_FORECAST);
    static final ModelCard SECOND = CommittedModel.read(MultiModelTest.FORECAST);

    public static class EveryForecastVersion implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("model.policy.stock-volume-forecast", "all");
        }
    }

    private static double[] rows(ModelCard card) {
        return card.samples().stream().flatMapToDouble(s -> Arrays.stream(s.features())).toArray();
    }

    private static JsonPath infer(String path, Object body) {
        return JsonNumbers.doubles(given().contentType(ContentType.JSON).body(body)
                .when().post(path).then().statusCode(200).extract().asString());
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Parity.relativeError(actual, expected) <= Parity.BOUND, what + ": " + actual + " vs " + expected);
    }

    @Test
    void eachVersionStatesItsOwnInputsAndOutputs() {
        given().get("/v2/models/" + MODEL + "/versions/1").then().statusCode(200)
                .body("inputs[0].shape", contains(-1, 9))
                .body("outputs.name", contains("volume"));
        given().get("/v2/models/" + MODEL + "/versions/2").then().statusCode(200)
                .body("inputs[0].shape", contains(-1, ForecastFeatures.COLUMNS))
                .body("outputs.name", contains("volume", "volume_lower", "volume_upper"));
        given().get("/v1/models/" + MODEL).then().statusCode(200)
                .body("version", equalTo("2"))
                .body("interval.share", equalTo(0.8f))
                .body("interval.lowerQuantile", equalTo(0.1f))
                .body("interval.upperQuantile", equalTo(0.9f));
    }

    @Test
    void versionOneAnswersItsNineInputsAsItsCardSays() {
        JsonPath answer = infer("/v2/models/" + MODEL + "/versions/1/infer", Bodies.infer(rows(FIRST), 9, "FP64"));
        assertEquals("1", answer.getString("model_version"));
        assertEquals(List.of("volume"), answer.getList("outputs.name"));
        List<Double> volumes = answer.getList("outputs[0].data", Double.class);
        for (int i = 0; i < FIRST.samples().size(); i++) {
            assertClose(FIRST.samples().get(i).prediction(), volumes.get(i), "sample " + i);
        }
    }

    @Test
    void versionTwoAnswersTheVolumeAndItsIntervalAsItsCardSays() {
        JsonPath answer = infer("/v2/models/" + MODEL + "/infer",
                Bodies.infer(rows(SECOND), ForecastFeatures.COLUMNS, "FP64"));
        assertEquals("2", answer.getString("model_version"));
        assertEquals(List.of("volume", "volume_lower", "volume_upper"), answer.getList("outputs.name"));
        for (int i = 0; i < SECOND.samples().size(); i++) {
            ModelCard.Sample sample = SECOND.samples().get(i);
            double volume = answer.getDouble("outputs[0].data[" + i + "]");
            double lower = answer.getDouble("outputs[1].data[" + i + "]");
            double upper = answer.getDouble("outputs[2].data[" + i + "]");
            assertClose(sample.prediction(), volume, "sample " + i);
            assertClose(sample.lower(), lower, "sample " + i + " lower");
            assertClose(sample.upper(), upper, "sample " + i + " upper");
            assertTrue(lower <= volume && volume <= upper, "sample " + i + ": " + lower + " <= " + volume + " <= " + upper);
        }
    }

    @Test
    void aRequestNamingOutputsGetsThoseInItsOrder() {
        Map<String, Object> body = Map.of("inputs", Bodies.infer(rows(SECOND), ForecastFeatures.COLUMNS, "FP64").get("inputs"),
                "outputs", List.of(Map.of("name", "volume_upper"), Map.of("name", "volume")));
        JsonPath answer = infer("/v2/models/" + MODEL + "/infer", body);
        assertEquals(List.of("volume_upper", "volume"), answer.getList("outputs.name"));
        assertClose(SECOND.samples().get(0).upper(), answer.getDouble("outputs[0].data[0]"), "upper");

        given().contentType(ContentType.JSON)
                .body(Map.of("inputs", body.get("inputs"), "outputs", List.of(Map.of("name", "volume_p95"))))
                .when().post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", equalTo("unknown output 'volume_p95'; the model's outputs are 'volume', 'volume_lower',"
                        + " 'volume_upper'"));
    }

    @Test
    void binaryOutputsFollowTheHeaderInItsOrder() {
        double[] rows = rows(SECOND);
        int n = SECOND.samples().size();
        Map<String, Object> body = Map.of("inputs", Bodies.infer(rows, ForecastFeatures.COLUMNS, "FP64").get("inputs"),
                "parameters", Map.of("binary_data_output", true));
        var response = given().contentType(ContentType.JSON).body(body)
                .when().post("/v2/models/" + MODEL + "/infer").then().statusCode(200).extract();
        byte[] bytes = response.asByteArray();
        int header = Integer.parseInt(response.header("Inference-Header-Content-Length"));
        assertEquals(header + 3 * n * Double.BYTES, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, header, 3 * n * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            assertClose(SECOND.samples().get(i).prediction(), data.getDouble(), "volume " + i);
        }
        for (int i = 0; i < n; i++) {
            assertClose(SECOND.samples().get(i).lower(), data.getDouble(), "lower " + i);
        }
        for (int i = 0; i < n; i++) {
            assertClose(SECOND.samples().get(i).upper(), data.getDouble(), "upper " + i);
        }
    }

    @Test
    void rowsOfTheOtherVersionsWidthAreA400NamingTheShape() {
        given().contentType(ContentType.JSON).body(Bodies.infer(rows(FIRST), 9, "FP64"))
                .when().post("/v2/models/" + MODEL + "/infer").then().statusCode(400)
                .body("error", containsString("expected [N, " + ForecastFeatures.COLUMNS + "]"));
        given().contentType(ContentType.JSON).body(Bodies.infer(rows(SECOND), ForecastFeatures.COLUMNS, "FP64"))
                .when().post("/v2/models/" + MODEL + "/versions/1/infer").then().statusCode(400)
                .body("error", containsString("expected [N, 9]"));
    }

    @Test
    void grpcAnswersEveryOutputOrTheOnesNamed() throws InterruptedException {
        try (GrpcChannel grpc = new GrpcChannel()) {
            ModelInferResponse all = grpc.stub()
                    .modelInfer(GrpcChannel.typed(MODEL, rows(SECOND), ForecastFeatures.COLUMNS).build());
            assertEquals(List.of("volume", "volume_lower", "volume_upper"),
                    all.getOutputsList().stream().map(ModelInferResponse.InferOutputTensor::getName).toList());
            for (int k = 0; k < 3; k++) {
                List<Double> values = all.getOutputs(k).getContents().getFp64ContentsList();
                for (int i = 0; i < values.size(); i++) {
                    ModelCard.Sample s = SECOND.samples().get(i);
                    assertClose(k == 0 ? s.prediction() : k == 1 ? s.lower() : s.upper(), values.get(i), "output " + k);
                }
            }
            ModelInferResponse lower = grpc.stub().modelInfer(GrpcChannel.typed(MODEL, rows(SECOND),
                    ForecastFeatures.COLUMNS).addOutputs(
                            ModelInferRequest.InferRequestedOutputTensor.newBuilder()
                                    .setName("volume_lower"))
                    .build());
            assertEquals(1, lower.getOutputsCount());
            assertEquals("volume_lower", lower.getOutputs(0).getName());
        }
    }
}
