package com.stockvolume.service.payloadlog;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.service.oip.grpc.proto.ModelInferResponse;
import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.EventSink;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.Metrics;
import io.cloudevents.CloudEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Payload logging, as KServe's logger does it: each inference, whichever way it came, reaches the sink as two
 * CloudEvents 1.0 in HTTP binary mode (read here by the CloudEvents SDK), a request and a response with one id, KServe's
 * types and extensions, and bodies that are the exchange's JSON, binary tensors and gRPC messages included.
 */
@QuarkusTest
@TestProfile(PayloadLogProfile.class)
class PayloadLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventSink SINK = PayloadLogProfile.SINK;

    private record Exchange(CloudEvent request, CloudEvent response) {

        JsonNode requestData() {
            return EventSink.data(request);
        }

        JsonNode responseData() {
            return EventSink.data(response);
        }
    }

    /** The request event that matches, and the response event with its id; both checked for KServe's attributes. */
    private static Exchange logged(Predicate<JsonNode> request, String model, String version) throws Exception {
        CloudEvent asked = SINK.await(e -> e.getType().equals(PayloadLog.REQUEST_TYPE) && request.test(EventSink.data(e)));
        CloudEvent answered = SINK
                .await(e -> e.getType().equals(PayloadLog.RESPONSE_TYPE) && e.getId().equals(asked.getId()));
        for (CloudEvent event : List.of(asked, answered)) {
            assertEquals("1.0", event.getSpecVersion().toString());
            assertEquals(URI.create(PayloadLogProfile.SOURCE), event.getSource());
            assertEquals("application/json", event.getDataContentType());
            assertNotNull(event.getTime());
            assertEquals(model, event.getExtension("inferenceservicename"));
            assertEquals(version, event.getExtension("endpoint"));
            assertEquals("predictor", event.getExtension("component"));
            assertEquals("models", event.getExtension("namespace"));
        }
        return new Exchange(asked, answered);
    }

    @Test
    void getPredictIsLoggedAsItsParametersAndItsAnswerUnderOneId() throws Exception {
        String answer = given().queryParam("vol_moving_avg", "1234567.5").queryParam("adj_close_rolling_med", "42.25")
                .when().get("/predict").then().statusCode(200).extract().asString();
        String version = given().contentType(ContentType.JSON)
                .body(Map.of("instances", List.of(Bodies.instance(1, 1)))).when().post("/v1/predictions").then()
                .statusCode(200).extract().path("model.version");
        Exchange logged = logged(r -> r.path("vol_moving_avg").asDouble() == 1234567.5, "stock-volume", version);
        assertEquals(JSON.readTree("{\"vol_moving_avg\":1234567.5,\"adj_close_rolling_med\":42.25}"), logged.requestData());
        assertEquals(Long.parseLong(answer), logged.responseData().path("volume").asLong());
        assertEquals(1, logged.responseData().size());
    }

    @Test
    void aBatchIsLoggedAsItsInstancesAndTheAnswerItGot() throws Exception {
        List<Map<String, Object>> instances = List.of(Bodies.instance(2345678.25, 10.5), Bodies.instance(9033.5, 3.25));
        String answer = given().contentType(ContentType.JSON).body(Map.of("instances", instances)).when()
                .post("/v1/predictions").then().statusCode(200).extract().asString();
        JsonNode answered = JSON.readTree(answer);
        Exchange logged = logged(r -> r.path("instances").path(0).path("vol_moving_avg").asDouble() == 2345678.25,
                "stock-volume", answered.at("/model/version").asText());
        assertEquals(JSON.valueToTree(Map.of("instances", instances)), logged.requestData());
        assertEquals(answered, logged.responseData());
    }

    @Test
    void fromBarsIsLoggedAsTheBarsAndTheAnswer() throws Exception {
        List<Map<String, Object>> bars = Bars.aapl();
        String answer = given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "PAYLOADLOG", "bars", bars, "dates", "all")).when()
                .post("/v1/predictions/from-bars").then().statusCode(200).extract().asString();
        JsonNode answered = JSON.readTree(answer);
        Exchange logged = logged(r -> r.path("symbol").asText().equals("PAYLOADLOG"), "stock-volume",
                answered.at("/model/version").asText());
        assertEquals("all", logged.requestData().path("dates").asText());
        assertEquals(bars.size(), logged.requestData().path("bars").size());
        for (int b = 0; b < bars.size(); b++) {
            JsonNode bar = logged.requestData().path("bars").path(b);
            assertEquals(bars.get(b).get("date"), bar.path("date").asText());
            assertEquals((double) bars.get(b).get("adj_close"), bar.path("adj_close").asDouble());
            assertEquals((double) bars.get(b).get("volume"), bar.path("volume").asDouble());
        }
        assertEquals(answered, logged.responseData());
    }

    @Test
    void binaryTensorsAreLoggedAsJsonWithTheirDataInline() throws Exception {
        double[] rows = {3456789.5, 55.5, 12000, 4.75};
        byte[] header = ("{\"id\":\"payload-log-binary\",\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],"
                + "\"datatype\":\"FP64\",\"parameters\":{\"binary_data_size\":32}}],"
                + "\"parameters\":{\"binary_data_output\":true}}").getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + 32).order(ByteOrder.LITTLE_ENDIAN).put(header);
        for (double v : rows) {
            body.putDouble(v);
        }
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/v2/models/stock-volume/infer"))
                .header("Content-Type", "application/octet-stream")
                .header("Inference-Header-Content-Length", Integer.toString(header.length))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.array())).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode());
        int json = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode answered = JSON.readTree(new String(response.body(), 0, json, StandardCharsets.UTF_8));
        ByteBuffer values = ByteBuffer.wrap(response.body(), json, 16).order(ByteOrder.LITTLE_ENDIAN);
        double[] volumes = {values.getDouble(), values.getDouble()};

        Exchange logged = logged(r -> r.path("id").asText().equals("payload-log-binary"), "stock-volume",
                answered.path("model_version").asText());
        JsonNode input = logged.requestData().at("/inputs/0");
        assertEquals("features", input.path("name").asText());
        assertEquals("FP64", input.path("datatype").asText());
        assertEquals(JSON.readTree("[2,2]"), input.path("shape"));
        assertArrayEquals(rows, doubles(input.path("data")), 0.0);
        JsonNode output = logged.responseData().at("/outputs/0");
        assertEquals("payload-log-binary", logged.responseData().path("id").asText());
        assertEquals("volume", output.path("name").asText());
        assertEquals(JSON.readTree("[2,1]"), output.path("shape"));
        assertArrayEquals(volumes, doubles(output.path("data")), 0.0);
    }

    @Test
    void grpcCallsAreLoggedAsTheOpenInferenceProtocolsJson() throws Exception {
        double[] rows = {4567890.5, 66.5};
        ModelInferResponse response;
        try (GrpcChannel channel = new GrpcChannel()) {
            response = channel.stub()
                    .modelInfer(GrpcChannel.typed("stock-volume", rows, 2).setId("payload-log-grpc").build());
        }
        Exchange logged = logged(r -> r.path("id").asText().equals("payload-log-grpc"), "stock-volume",
                response.getModelVersion());
        assertArrayEquals(rows, doubles(logged.requestData().at("/inputs/0/data")), 0.0);
        assertEquals(JSON.readTree("[1,2]"), logged.requestData().at("/inputs/0/shape"));
        assertEquals(response.getModelName(), logged.responseData().path("model_name").asText());
        assertEquals(response.getOutputs(0).getContents().getFp64Contents(0),
                logged.responseData().at("/outputs/0/data/0").asDouble(), 0.0);
    }

    @Test
    void everyPostIsACloudEventTheSdkReadsAndNoneIsDropped() throws Exception {
        getPredictIsLoggedAsItsParametersAndItsAnswerUnderOneId();
        assertEquals(List.of(), SINK.errors());
        assertTrue(SINK.events().size() >= 2);
        String scrape = Metrics.scrape();
        for (String reason : List.of(PayloadLog.QUEUE_FULL, PayloadLog.SINK_TIMEOUT, PayloadLog.SINK_UNREACHABLE,
                PayloadLog.SINK_REFUSED, PayloadLog.UNWRITABLE)) {
            assertEquals(0, Metrics.value(scrape,
                    "payload_log_dropped_total{reason=\"" + reason + "\"}"));
        }
        assertTrue(Metrics.value(scrape, "payload_log_sent_total") >= 2);
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
