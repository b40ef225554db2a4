package com.stockvolume.service.failure;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelMetadataRequest;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.FailureAnswers;
import com.stockvolume.service.support.GrpcChannel;
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
        probes.put(Failure.TOO_MANY_ROWS, () -> grpc.stub().modelInfer(GrpcChannel.typed("stock-volume",
                new double[2 * 10_001], 2).build()));
        probes.put(Failure.TOO_LARGE, () -> grpc.stub().modelInfer(GrpcChannel.typed("stock-volume",
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
        restProbes().forEach((failure, probes) -> probes.forEach(probe -> FailureAnswers.assertAnswers(failure, probe.get())));
    }

    @Test
    void gRpcAnswersWithTheCataloguesCodes() throws Exception {
        try (GrpcChannel grpc = new GrpcChannel()) { // the test's port is known once a test runs
            grpcProbes(grpc).forEach((failure, call) -> FailureAnswers.assertAnswers(failure,
                    assertThrows(StatusRuntimeException.class, call)));
        }
    }
}
