package com.stockvolume.service.oip;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Triton's binary tensor data extension, with bodies built byte by byte as its documentation lays
 * them out (docs/protocol/extension_binary_data.md in triton-inference-server/server): the JSON
 * header, then each tensor little-endian; the Inference-Header-Content-Length header gives the
 * JSON's length. The answers must be the JSON path's numbers exactly.
 */
@QuarkusTest
class BinaryTensorDataTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String INFER = "/v2/models/stock-volume/infer";

    private static final String INPUT_FP64 = "{\"inputs\":[{\"name\":\"features\",\"shape\":[%d,2],\"datatype\":\"FP64\","
            + "\"parameters\":{\"binary_data_size\":%d}}]%s}";

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(), List.of()).stream().findFirst().orElse(null);
        }

        JsonNode json() throws Exception {
            String length = header("Inference-Header-Content-Length");
            int end = length == null ? body.length : Integer.parseInt(length);
            return JSON.readTree(new String(body, 0, end, StandardCharsets.UTF_8));
        }

        double[] binaryDoubles() {
            int start = Integer.parseInt(header("Inference-Header-Content-Length"));
            ByteBuffer data = ByteBuffer.wrap(body, start, body.length - start).slice().order(ByteOrder.LITTLE_ENDIAN);
            double[] values = new double[data.remaining() / Double.BYTES];
            for (int i = 0; i < values.length; i++) {
                values[i] = data.getDouble();
            }
            return values;
        }
    }

    /** Sent as Triton's Python client sends it: no Content-Type unless given. */
    private static Answer post(String path, String contentType, Integer headerLength, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (headerLength != null) {
            request.header("Inference-Header-Content-Length", headerLength.toString());
        }
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    private static byte[] littleEndian(double[] values, boolean fp32) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * (fp32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (fp32) {
                bytes.putFloat((float) v);
            } else {
                bytes.putDouble(v);
            }
        }
        return bytes.array();
    }

    private static byte[] concat(byte[] header, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(header);
        body.writeBytes(data);
        return body.toByteArray();
    }

    private static double[] sampleRows() {
        List<Sample> samples = CommittedModel.samples();
        double[] rows = new double[samples.size() * 2];
        for (int i = 0; i < samples.size(); i++) {
            rows[2 * i] = samples.get(i).features()[0];
            rows[2 * i + 1] = samples.get(i).features()[1];
        }
        return rows;
    }

    /** The JSON path's answer for the same rows. */
    private static double[] jsonAnswer(double[] rows, String datatype) {
        List<Double> data = Arrays.stream(rows).boxed().toList();
        return JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "features", "shape", List.of(rows.length / 2, 2),
                        "datatype", datatype, "data", data))))
                .when().post(INFER).then().statusCode(200).extract().asString())
                .getList("outputs[0].data", Double.class).stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void binaryInputGivesTheJsonPathsNumbersWithOrWithoutAContentType() throws Exception {
        double[] rows = sampleRows();
        int n = rows.length / 2;
        byte[] header = String.format(INPUT_FP64, n, n * 16, "").getBytes(StandardCharsets.UTF_8);
        double[] expected = jsonAnswer(rows, "FP64");
        for (String contentType : new String[]{null, "application/octet-stream"}) {
            Answer answer = post(INFER, contentType, header.length, concat(header, littleEndian(rows, false)));
            assertEquals(200, answer.status(), new String(answer.body()));
            // no output asked for as binary: the answer is plain JSON
            assertTrue(answer.header("Content-Type").startsWith("application/json"));
            JsonNode json = answer.json();
            assertEquals("volume", json.at("/outputs/0/name").asText());
            assertEquals(n, json.at("/outputs/0/shape/0").asInt());
            double[] data = new double[n];
            for (int i = 0; i < n; i++) {
                data[i] = json.at("/outputs/0/data/" + i).asDouble();
            }
            assertArrayEquals(expected, data, 0.0);
        }
    }

    @Test
    void binaryOutputIsTheSameNumbersAsLittleEndianFp64AfterTheJsonHeader() throws Exception {
        double[] rows = sampleRows();
        int n = rows.length / 2;
        double[] expected = jsonAnswer(rows, "FP64");
        // asked for on the output (for every output, as Triton's client asks, in examples/clients)
        for (String ask : List.of(",\"outputs\":[{\"name\":\"volume\",\"parameters\":{\"binary_data\":true}}]")) {
            byte[] header = String.format(INPUT_FP64, n, n * 16, ask).getBytes(StandardCharsets.UTF_8);
            Answer answer = post(INFER, null, header.length, concat(header, littleEndian(rows, false)));
            assertEquals(200, answer.status(), new String(answer.body()));
            assertEquals("application/octet-stream", answer.header("Content-Type"));
            JsonNode json = answer.json();
            assertEquals("FP64", json.at("/outputs/0/datatype").asText());
            assertEquals(n * 8, json.at("/outputs/0/parameters/binary_data_size").asInt());
            assertTrue(json.at("/outputs/0/data").isMissingNode());
            assertEquals(Integer.parseInt(answer.header("Inference-Header-Content-Length")) + n * 8, answer.body().length);
            assertArrayEquals(expected, answer.binaryDoubles(), 0.0);
        }
        // a per-output false overrides the request's true
        byte[] header = String.format(INPUT_FP64, n, n * 16, ",\"parameters\":{\"binary_data_output\":true},"
                + "\"outputs\":[{\"name\":\"volume\",\"parameters\":{\"binary_data\":false}}]")
                .getBytes(StandardCharsets.UTF_8);
        Answer answer = post(INFER, null, header.length, concat(header, littleEndian(rows, false)));
        assertEquals(200, answer.status());
        assertNull(answer.header("Inference-Header-Content-Length"));
        assertEquals(n, answer.json().at("/outputs/0/data").size());
    }

    @Test
    void fp32BinaryInputAndAJsonRequestAskingForBinaryOutput() throws Exception {
        double[] rows = sampleRows();
        int n = rows.length / 2;
        String header = "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + n + ",2],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + n * 8 + "}}],\"parameters\":{\"binary_data_output\":true}}";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        Answer fp32 = post("/v2/models/stock-volume/versions/" + CommittedModel.VERSION + "/infer", "application/octet-stream",
                head.length, concat(head, littleEndian(rows, true)));
        assertEquals(200, fp32.status(), new String(fp32.body()));
        assertArrayEquals(jsonAnswer(rows, "FP32"), fp32.binaryDoubles(), 0.0);

        List<Double> data = Arrays.stream(rows).boxed().toList();
        byte[] json = JSON.writeValueAsBytes(Map.of(
                "inputs", List.of(Map.of("name", "features", "shape", List.of(n, 2), "datatype", "FP64", "data", data)),
                "outputs", List.of(Map.of("name", "volume", "parameters", Map.of("binary_data", true)))));
        Answer jsonIn = post(INFER, "application/json", null, json);
        assertEquals(200, jsonIn.status());
        assertArrayEquals(jsonAnswer(rows, "FP64"), jsonIn.binaryDoubles(), 0.0);
    }

    @Test
    void badBinaryRequestsAre4xxWithAPlainError() throws Exception {
        byte[] head = String.format(INPUT_FP64, 1, 16, "").getBytes(StandardCharsets.UTF_8);
        byte[] body = concat(head, littleEndian(new double[]{1e6, 50}, false));
        assertError(post(INFER, null, body.length + 1, body), 400,
                "Inference-Header-Content-Length is '" + (body.length + 1) + "'; it must be the length in bytes of the JSON"
                        + " at the start of the body, between 1 and the body's " + body.length);
        assertError(post(INFER, null, head.length, concat(head, new byte[15])), 400,
                "input 'features' has binary_data_size 16 but 15 bytes follow the JSON header");
        byte[] wrongSize = String.format(INPUT_FP64, 1, 8, "").getBytes(StandardCharsets.UTF_8);
        assertError(post(INFER, null, wrongSize.length, concat(wrongSize, new byte[8])), 400,
                "input 'features' has 8 bytes of FP64 data; its shape needs 16 (2 values of 8 bytes)");
        assertError(post(INFER, null, head.length, concat(head, littleEndian(new double[]{1e6, Double.NaN}, false))), 400,
                "input 'features' value 1 is NaN; each value must be a finite number >= 0");
        assertError(post(INFER, "text/plain", head.length, body), 415,
                "the body is text/plain; send application/json, or application/octet-stream with binary tensor data"
                        + " and the Inference-Header-Content-Length header");
        assertError(post(INFER, "application/", head.length, body), 415, "Content-Type 'application/' is not a media type");
        assertError(post(INFER, "application/json", head.length, body), 400,
                "Inference-Header-Content-Length goes with binary tensor data, which is sent as application/octet-stream;"
                        + " this body is application/json");
        assertError(post(INFER, null, null, head), 400,
                "input 'features' has binary_data_size but the request has no binary data: send the JSON and then the"
                        + " data as application/octet-stream, with the JSON's length in the Inference-Header-Content-Length header");
        assertError(post(INFER, null, 3, "{\"i".getBytes(StandardCharsets.UTF_8)), 400, null);
    }

    private static void assertError(Answer answer, int status, String message) throws Exception {
        assertEquals(status, answer.status(), new String(answer.body()));
        assertTrue(answer.header("Content-Type").startsWith("application/json"));
        JsonNode error = answer.json().get("error");
        assertFalse(error == null || error.asText().isBlank());
        if (message != null) {
            assertEquals(message, error.asText());
        }
    }
}
