package com.stockvolume.service.admission;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.GrpcStatuses;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.support.Callers;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.FailureAnswers;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.Management;
import com.stockvolume.service.support.Metrics;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Admission control over HTTP: a body is read only while it fits the body budget, others wait
 * unread or are refused with 503 and Retry-After, and the probes stay up throughout. The budget
 * is filled by a client that sends its headers and holds back its body, so nothing here depends
 * on the machine's speed: every wait is for a condition.
 */
@QuarkusTest
@TestProfile(AdmissionProfile.class)
class AdmissionTest {

    private static final String WAITING = "admission_in_use{resource=\"waiting\"}";
    private static final String BODY_BYTES = "admission_in_use{resource=\"body_bytes\"}";

    /** A client that declared a body as large as the whole budget and sends none of it. */
    private static final class HeldBody implements AutoCloseable {

        private final Socket socket;

        HeldBody() throws IOException, InterruptedException {
            socket = new Socket("127.0.0.1", RestAssured.port);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/predictions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + AdmissionProfile.MAX_BODY_BYTES + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Conditions.waitUntil(() -> Metrics.value(BODY_BYTES) == AdmissionProfile.MAX_BODY_BYTES);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            Conditions.waitUntil(() -> Metrics.value(BODY_BYTES) == 0);
        }
    }

    private static String threeSamples() {
        List<Sample> samples = CommittedModel.samples();
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 3; i++) {
            body.append(i == 0 ? "" : ",").append("{\"vol_moving_avg\":").append(samples.get(i).features()[0])
                    .append(",\"adj_close_rolling_med\":").append(samples.get(i).features()[1]).append('}');
        }
        return body.append("]}").toString();
    }

    private static CompletableFuture<Response> postLater(String timeoutMillis) {
        return Callers.async(() -> given().contentType(ContentType.JSON)
                .header("X-Request-Timeout-Ms", timeoutMillis).body(threeSamples())
                .when().post("/v1/predictions").andReturn());
    }

    private static void assertTheThreeSamplesPredicted(Response response) {
        assertEquals(200, response.statusCode(), response.asString());
        List<Float> volumes = response.jsonPath().getList("predictions.volume", Float.class);
        for (int i = 0; i < 3; i++) {
            double expected = CommittedModel.samples().get(i).prediction();
            assertEquals(expected, volumes.get(i), 1e-6 * expected);
        }
    }

    @Test
    void aBodyThatDoesNotFitWaitsUnreadAndIsServedWhenRoomFrees() throws Exception {
        CompletableFuture<Response> waiting;
        try (HeldBody held = new HeldBody()) {
            waiting = postLater("60000");
            Conditions.waitUntil(() -> Metrics.value(WAITING) == 1);
            assertFalse(waiting.isDone(), "it waits while the budget is full");
        }
        assertTheThreeSamplesPredicted(waiting.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aFullQueueIsRefusedAtOnceWith503AndRetryAfterAndNothingAcceptedIsLost() throws Exception {
        double refusedBefore = Metrics.valueBefore(Metrics.scrape(), "admission_rejected_total{reason=\"waiting\"}");
        CompletableFuture<Response> waiting;
        try (HeldBody held = new HeldBody(); GrpcChannel grpc = new GrpcChannel()) {
            waiting = postLater("60000");
            Conditions.waitUntil(() -> Metrics.value(WAITING) == 1);
            Response refused = given().contentType(ContentType.JSON).body(threeSamples()).when().post("/v1/predictions");
            FailureAnswers.assertAnswers(Failure.OVERLOADED, refused);
            refused.then().header("Retry-After", "1").body("detail", containsString("admission.waiting"));
            // the Open Inference Protocol's own error body under /v2
            given().contentType(ContentType.JSON)
                    .body("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1000,12.5]}]}")
                    .when().post("/v2/models/stock-volume/infer")
                    .then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("error", startsWith("the service is at its limit of requests in flight"));
            // and gRPC's status for shedding, with the same hint as Retry-After
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.stub().modelInfer(
                    ModelInferRequest.newBuilder().setModelName("stock-volume").addInputs(
                            ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP64")
                                    .addShape(1).addShape(2).setContents(InferTensorContents.newBuilder()
                                            .addFp64Contents(1000).addFp64Contents(12.5)))
                            .build()));
            FailureAnswers.assertAnswers(Failure.OVERLOADED, e);
            assertTrue(e.getStatus().getDescription().startsWith("the service is at its limit of requests in flight"),
                    e.getStatus().getDescription());
            assertEquals("1", e.getTrailers().get(GrpcStatuses.RETRY_AFTER));
            // a refused request changes nothing for the one already waiting
            assertFalse(waiting.isDone());
        }
        assertTheThreeSamplesPredicted(waiting.get(60, TimeUnit.SECONDS));
        assertEquals(refusedBefore + 3, Metrics.value("admission_rejected_total{reason=\"waiting\"}"));
    }

    @Test
    void aRequestThatWaitsPastItsDeadlineIsAnswered503() throws Exception {
        try (HeldBody held = new HeldBody()) {
            given().contentType(ContentType.JSON).header("X-Request-Timeout-Ms", "100").body(threeSamples())
                    .when().post("/v1/predictions")
                    .then().statusCode(503)
                    .header("Retry-After", "1")
                    .body("type", equalTo("/problems/overloaded"))
                    .body("detail", containsString("longer than it may (admission.queue-timeout or X-Request-Timeout-Ms)"));
            assertEquals(0, Metrics.value(WAITING), "it left the queue");
        }
    }

    @Test
    void theProbesStayUpWhileTheServiceSheds() throws Exception {
        CompletableFuture<Response> waiting;
        try (HeldBody held = new HeldBody()) {
            waiting = postLater("60000");
            Conditions.waitUntil(() -> Metrics.value(WAITING) == 1);
            given().contentType(ContentType.JSON).body(threeSamples()).when().post("/v1/predictions").then().statusCode(503);
            // readiness does not follow overload: if every pod turned DOWN at once, the Service would have no endpoints
            Management.given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            Management.given().when().get("/q/health/live").then().statusCode(200);
            // and a single row is never queued behind batches
            given().queryParam("vol_moving_avg", "1000").queryParam("adj_close_rolling_med", "12")
                    .when().get("/predict").then().statusCode(200);
        }
        assertTheThreeSamplesPredicted(waiting.get(60, TimeUnit.SECONDS));
    }

    @Test
    void aBadTimeoutHeaderIsRefusedNamingIt() {
        given().contentType(ContentType.JSON).header("X-Request-Timeout-Ms", "soon").body(threeSamples())
                .when().post("/v1/predictions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("X-Request-Timeout-Ms: must be a whole number of milliseconds >= 1, got 'soon'"));
    }

    @Test
    void theLimitsInForceArePublished() {
        assertEquals(AdmissionProfile.MAX_BODY_BYTES, Metrics.value("admission_limit{resource=\"body_bytes\"}"));
        assertEquals(1, Metrics.value("admission_limit{resource=\"waiting\"}"));
        assertTrue(Metrics.value("admission_limit{resource=\"inference\"}") >= 1);
    }
}
