package com.stockvolume.service;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.Problem;
import com.stockvolume.service.grpc.GrpcStatuses;
import com.stockvolume.service.grpc.proto.ModelInferRequest;
import com.stockvolume.service.grpc.proto.ModelMetadataRequest;
import com.stockvolume.service.support.Bodies;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The failure catalogue, walked: every {@link Failure} is provoked on each surface that can answer it
 * (a /v1 endpoint, a /v2 endpoint, gRPC), and each answers with the catalogue's status, problem type or
 * protocol error, gRPC code and Retry-After. Failures this service's default configuration cannot
 * provoke are checked where their configuration is, as {@link #ELSEWHERE} names.
 */
@QuarkusTest
class FailureCatalogueTest {

    /** Where the failures that need another configuration are checked against the catalogue. */
    static final Map<Failure, String> ELSEWHERE = Map.of(
            Failure.UNAUTHORIZED, "AdminAuthTest (an admin token is set)",
            Failure.FORBIDDEN, "AdminAuthTest (an admin token is set)",
            Failure.VERSION_REFUSED, "ReloadTest (an admin token is set)",
            Failure.MODEL_UNAVAILABLE, "CorruptModelTest (no model loads)",
            Failure.OVERLOADED, "AdmissionTest (small admission limits)",
            Failure.INTERNAL, "nowhere: no request can provoke it; ProblemMappers.unexpected answers it");

    /** A body larger than quarkus.http.limits.max-body-size (4 MB). */
    private static final Supplier<String> TOO_LARGE_BODY = () -> Bodies.instances(100_000);

    private static Map<Failure, List<Supplier<Response>>> restProbes() {
        Map<Failure, List<Supplier<Response>>> probes = new EnumMap<>(Failure.class);
        probes.put(Failure.INVALID_REQUEST, List.of(
                () -> post("/v1/predictions", "{\"instances\":[{\"vol_moving_avg\":-1,\"adj_close_rolling_med\":1}]}"),
                () -> post("/v2/models/stock-volume/infer", Bodies.infer(new double[]{1, 2, 3}, 3, "FP64"))));
        probes.put(Failure.ADMIN_OFF, List.of(() -> given().post("/admin/models/stock-volume/reload")));
        probes.put(Failure.NOT_FOUND, List.of(
                () -> given().get("/v1/models/nope"),
                () -> post("/v2/models/nope/infer", Bodies.infer(new double[]{1, 2}, 2, "FP64"))));
        probes.put(Failure.TOO_LARGE, List.of(
                () -> post("/v1/predictions", TOO_LARGE_BODY.get()),
                () -> post("/v2/models/stock-volume/infer", TOO_LARGE_BODY.get())));
        probes.put(Failure.TOO_MANY_ROWS, List.of(
                () -> post("/v1/predictions", Bodies.instances(10_001)),
                () -> post("/v2/models/stock-volume/infer", Bodies.infer(new double[2 * 10_001], 2, "FP64"))));
        probes.put(Failure.UNSUPPORTED_MEDIA_TYPE, List.of(
                () -> given().contentType(ContentType.TEXT).body("x").post("/v1/predictions"),
                () -> given().contentType(ContentType.TEXT).body("x").post("/v2/models/stock-volume/infer")));
        return probes;
    }

    private static Map<Failure, Executable> grpcProbes(GrpcChannel grpc) {
        Map<Failure, Executable> probes = new EnumMap<>(Failure.class);
        probes.put(Failure.INVALID_REQUEST, () -> grpc.stub().modelInfer(ModelInferRequest.getDefaultInstance()));
        probes.put(Failure.NOT_FOUND,
                () -> grpc.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()));
        probes.put(Failure.TOO_MANY_ROWS, () -> grpc.stub().modelInfer(GrpcInferenceTest.typed("stock-volume",
                new double[2 * 10_001], 2).build()));
        probes.put(Failure.TOO_LARGE, () -> grpc.stub().modelInfer(GrpcInferenceTest.typed("stock-volume",
                new double[2 * 70_000], 2).build()));
        return probes;
    }

    private static Response post(String path, Object body) {
        return given().contentType(ContentType.JSON).body(body).post(path);
    }

    @Test
    void everyFailureIsProvokedHereOrWhereItsConfigurationIs() {
        Map<Failure, List<Supplier<Response>>> rest = restProbes();
        for (Failure failure : Failure.values()) {
            assertTrue(rest.containsKey(failure) ^ ELSEWHERE.containsKey(failure), failure.name());
        }
    }

    @Test
    void everyRestSurfaceAnswersAsTheCatalogueSays() {
        restProbes().forEach((failure, probes) -> probes.forEach(probe -> assertAnswers(failure, probe.get())));
    }

    @Test
    void gRpcAnswersWithTheCataloguesCodes() throws Exception {
        try (GrpcChannel grpc = new GrpcChannel()) { // the test's port is known once a test runs
            grpcProbes(grpc).forEach((failure, call) -> assertAnswers(failure,
                    assertThrows(StatusRuntimeException.class, call)));
        }
    }

    /** The REST answer to {@code failure}: its status, the path's error body, Retry-After as the catalogue says. */
    static void assertAnswers(Failure failure, Response response) {
        String what = failure + ": " + response.asString();
        assertEquals(failure.httpStatus(), response.statusCode(), what);
        if (response.contentType().startsWith(Problem.MEDIA_TYPE)) {
            assertEquals(failure.problemType(), response.jsonPath().getString("type"), what);
            assertEquals(failure.httpStatus(), response.jsonPath().getInt("status"), what);
            assertFalse(response.jsonPath().getString("detail").isBlank(), what);
        } else {
            assertTrue(response.contentType().startsWith("application/json"), what);
            assertFalse(response.jsonPath().getString("error").isBlank(), what);
        }
        assertRetryAfter(failure, response.header("Retry-After"), what);
    }

    /** The gRPC answer to {@code failure}: its code, a message, retry-after as the catalogue says. */
    static void assertAnswers(Failure failure, StatusRuntimeException e) {
        String what = failure + ": " + e.getStatus();
        assertEquals(failure.grpcCode(), e.getStatus().getCode(), what);
        if (failure != Failure.TOO_LARGE) { // refused by gRPC's transport, which sends no message, before the service reads it
            assertFalse(e.getStatus().getDescription() == null || e.getStatus().getDescription().isBlank(), what);
        }
        String retryAfter = e.getTrailers() == null ? null : e.getTrailers().get(GrpcStatuses.RETRY_AFTER);
        assertRetryAfter(failure, retryAfter, what);
    }

    private static void assertRetryAfter(Failure failure, String retryAfter, String what) {
        if (!failure.retries()) {
            assertNull(retryAfter, what);
        } else if (failure.retryAfterSeconds() > 0) {
            assertEquals(Long.toString(failure.retryAfterSeconds()), retryAfter, what);
        } else {
            assertNotNull(retryAfter, what);
            assertTrue(Long.parseLong(retryAfter) > 0, what);
        }
    }
}
