package com.stockvolume.service.failure;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.support.GrpcChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * Thousands of malformed requests, generated with a fixed seed by mutating valid bodies of every
 * endpoint, and random query values and paths: every answer is below 500, and no answer names a
 * parser, a class, a stack frame or a file of the server. (jqwik's generators refuse to run outside
 * jqwik's own engine, so they cannot drive a @QuarkusTest; the mutations here are plain Random.)
 */
@QuarkusTest
class MalformedRequestsTest {

    private static final int PER_ENDPOINT = 400;
    private static final List<String> FORBIDDEN = List.of("source:", "streamreadfeature", "jackson", "com.fasterxml",
            "java.", "exception", "at com.", "at io.", "/work/", "/tmp/", "model.onnx", "\tat ");

    private static final String V1 = "{\"instances\":[{\"vol_moving_avg\":2778180.95,\"adj_close_rolling_med\":71.8976},"
            + "{\"vol_moving_avg\":9033.3,\"adj_close_rolling_med\":3.65}]}";
    private static final String BARS = "{\"symbol\":\"AAPL\",\"model\":\"stock-volume-forecast\",\"dates\":[\"2021-01-28\"],"
            + "\"bars\":[{\"date\":\"2021-01-26\",\"adj_close\":143.16,\"volume\":98390600},"
            + "{\"date\":\"2021-01-27\",\"adj_close\":142.06,\"volume\":140843800}]}";
    private static final String V2 = "{\"id\":\"1\",\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\","
            + "\"data\":[[2778180.95,71.8976],[9033.3,3.65]]}],\"outputs\":[{\"name\":\"volume\"}]}";

    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-1", "1e999", "-0",
            "NaN", "\"x\"", "\\u0000", "99999999999999999999999999", "[[[[[[[[", "{\"a\":{}}", "2.5", "\"2021-02-30\"",
            "\"\"", " ", "\n", "é", "\uD83D\uDE00", "0x10", "[]", "{}"};

    private static final String[] CONTENT_TYPES = {";;;", "application/", "/", "text/plain", "application/octet-stream; x=",
            "application/json", "*/*", "multipart/form-data; boundary=", "application/octet-stream;charset=\u00e9"};

    private static String token(Random random) {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    /** A valid body with one to three mutations: a token inserted, a range deleted, the rest cut off, a number replaced. */
    private static String mutated(String valid, Random random) {
        String body = valid;
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            int at = random.nextInt(body.length() + 1);
            body = switch (random.nextInt(4)) {
                case 0 -> body.substring(0, at) + token(random) + body.substring(at);
                case 1 -> body.substring(0, at) + body.substring(Math.min(body.length(), at + 1 + random.nextInt(12)));
                case 2 -> body.substring(0, at);
                default -> body.replaceFirst("[0-9]+(\\.[0-9]+)?", Matcher.quoteReplacement(token(random)));
            };
        }
        return body;
    }

    private static String randomText(Random random, int maxLength) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(random.nextInt(4) == 0 ? token(random) : String.valueOf((char) (32 + random.nextInt(95))));
        }
        return text.toString();
    }

    private static void assertClean(Response response, String request) {
        String body = response.asString().toLowerCase(Locale.ROOT);
        assertTrue(response.statusCode() < 500, () -> "HTTP " + response.statusCode() + " for " + request + ": " + body);
        for (String word : FORBIDDEN) {
            assertTrue(!body.contains(word), () -> "'" + word + "' in the answer to " + request + ": " + body);
        }
    }

    @Test
    void malformedBodiesOfEveryPostEndpointAreRefusedCleanly() {
        String[][] endpoints = {
                {"/v1/predictions", V1}, {"/v1/predictions/from-bars", BARS},
                {"/v2/models/stock-volume/infer", V2}, {"/v2/models/stock-volume-forecast/infer", V2}};
        Random random = new Random(17);
        for (String[] endpoint : endpoints) {
            int refused = 0;
            for (int i = 0; i < PER_ENDPOINT; i++) {
                String body = mutated(endpoint[1], random);
                Response response = given().contentType("application/json").body(body).when().post(endpoint[0]);
                assertClean(response, endpoint[0] + " " + body);
                refused += response.statusCode() >= 400 ? 1 : 0;
            }
            // the mutations really break bodies: most are refused (a few stay valid, e.g. a number changed)
            assertTrue(refused > PER_ENDPOINT / 2, endpoint[0] + ": " + refused + " of " + PER_ENDPOINT + " refused");
        }
    }

    /** Binary tensor data (Triton's extension): a mutated JSON header, a random header length, random trailing bytes. */
    @Test
    void malformedBinaryTensorBodiesAreRefusedCleanly() {
        String header = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\","
                + "\"parameters\":{\"binary_data_size\":32}}],\"parameters\":{\"binary_data_output\":true}}";
        Random random = new Random(23);
        for (int i = 0; i < PER_ENDPOINT; i++) {
            byte[] json = (random.nextBoolean() ? mutated(header, random) : header).getBytes(StandardCharsets.UTF_8);
            byte[] data = new byte[random.nextInt(4) == 0 ? random.nextInt(64) : 32];
            random.nextBytes(data);
            byte[] body = new byte[json.length + data.length];
            System.arraycopy(json, 0, body, 0, json.length);
            System.arraycopy(data, 0, body, json.length, data.length);
            String length = switch (random.nextInt(5)) {
                case 0 -> Integer.toString(random.nextInt(body.length + 10) - 5);
                case 1 -> randomText(random, 6);
                default -> Integer.toString(json.length);
            };
            String type = random.nextInt(4) > 0
                    ? "application/octet-stream"
                    : CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            Response response = given().contentType(type).header("Inference-Header-Content-Length", length)
                    .body(body).when().post("/v2/models/stock-volume/infer");
            if (response.statusCode() == 200) {
                continue; // random bytes can be valid doubles; then the answer is binary data
            }
            assertClean(response, "binary body as " + type + ", header length " + length + ": "
                    + new String(json, StandardCharsets.UTF_8));
        }
    }

    /** gRPC ModelInfer with random names, datatypes, shapes, contents and raw bytes: a status that is never INTERNAL or UNKNOWN. */
    @Test
    void malformedGrpcInferenceRequestsGetAClientStatus() throws Exception {
        String[] names = {"stock-volume", "stock-volume-forecast", "", "nope", "features"};
        String[] datatypes = {"FP64", "FP32", "INT64", "BYTES", "", "fp64"};
        Random random = new Random(29);
        try (GrpcChannel grpc = new GrpcChannel()) {
            for (int i = 0; i < PER_ENDPOINT; i++) {
                ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                        .setName(random.nextInt(4) == 0 ? names[random.nextInt(names.length)] : "features")
                        .setDatatype(datatypes[random.nextInt(datatypes.length)]);
                for (int d = random.nextInt(4); d > 0; d--) {
                    input.addShape(random.nextInt(6) - 1);
                }
                ModelInferRequest.Builder request = ModelInferRequest.newBuilder()
                        .setModelName(names[random.nextInt(names.length)]);
                if (random.nextBoolean()) {
                    byte[] raw = new byte[random.nextInt(80)];
                    random.nextBytes(raw);
                    request.addRawInputContents(ByteString.copyFrom(raw));
                } else {
                    InferTensorContents.Builder contents = InferTensorContents.newBuilder();
                    for (int v = random.nextInt(20); v > 0; v--) {
                        double value = random.nextInt(5) == 0 ? Double.NaN : random.nextGaussian() * 1e6;
                        if (random.nextBoolean()) {
                            contents.addFp64Contents(value);
                        } else {
                            contents.addFp32Contents((float) value);
                        }
                    }
                    input.setContents(contents);
                }
                for (int n = random.nextInt(4) == 0 ? random.nextInt(3) * 2 : 1; n > 0; n--) {
                    request.addInputs(input); // usually one input; sometimes none, two or four
                }
                try {
                    grpc.stub().modelInfer(request.build());
                } catch (StatusRuntimeException e) {
                    Status.Code code = e.getStatus().getCode();
                    String what = request.build().toString();
                    assertTrue(code != Status.Code.INTERNAL && code != Status.Code.UNKNOWN, code + " for " + what);
                    String description = String.valueOf(e.getStatus().getDescription()).toLowerCase(Locale.ROOT);
                    for (String word : FORBIDDEN) {
                        assertTrue(!description.contains(word),
                                "'" + word + "' in the status for " + what + ": " + description);
                    }
                }
            }
        }
    }

    @Test
    void randomQueryValuesAndPathsAreRefusedCleanly() {
        Random random = new Random(5);
        for (int i = 0; i < PER_ENDPOINT; i++) {
            String value = random.nextBoolean() ? randomText(random, 30) : Double.toString(random.nextGaussian() * 1e6);
            assertClean(given().queryParam("vol_moving_avg", value).queryParam("adj_close_rolling_med", "12")
                    .when().get("/predict"), "GET /predict?vol_moving_avg=" + value);
        }
        String[] prefixes = {"/v1/", "/v2/", "/v2/models/", "/admin/models/", "/v1/models/", "/predict/"};
        for (int i = 0; i < PER_ENDPOINT; i++) {
            StringBuilder path = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            for (int c = random.nextInt(25); c > 0; c--) {
                path.append("abcdefghijklmnopqrstuvwxyz-._9/".charAt(random.nextInt(31)));
            }
            assertClean(given().when().get(path.toString()), "GET " + path);
        }
    }
}
