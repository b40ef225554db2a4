package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.GrpcStatuses;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelReadyRequest;
import com.stockvolume.service.oip.grpc.proto.ServerReadyRequest;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.FailureAnswers;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.Management;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** With a model that cannot load, the service says so: readiness DOWN with the reason, 503s. */
@QuarkusTest
@TestProfile(CorruptModelProfile.class)
class CorruptModelTest {

    @Test
    void readinessIsDownWithTheReason() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model' }.data.reason", allOf(
                        containsString("corrupt-onnx/stock-volume/1/model.onnx"),
                        containsString("is not a model ONNX Runtime can load")));
    }

    @Test
    void theProcessIsStillLiveAndStarted() {
        Management.given().when().get("/q/health/live").then().statusCode(200);
        Management.given().when().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void predictionsAreAnswered503() {
        given().queryParam("vol_moving_avg", "1000").queryParam("adj_close_rolling_med", "12")
                .when().get("/predict")
                .then().statusCode(503).header("Retry-After", "10")
                .body("detail", equalTo("no model is being served under the name 'stock-volume'")); // the files stay in the log
        FailureAnswers.assertAnswers(Failure.MODEL_UNAVAILABLE,
                given().contentType(ContentType.JSON).body(Bodies.instances(2)).when().post("/v1/predictions"));
        given().when().get("/v1/models/stock-volume").then().statusCode(503);
    }

    @Test
    void theOpenInferenceProtocolSaysNotReady() {
        given().when().get("/v2/health/ready").then().statusCode(503).body("ready", equalTo(false));
        given().when().get("/v2/models/stock-volume/ready").then().statusCode(503).body("ready",
                equalTo(false));
        FailureAnswers.assertAnswers(Failure.MODEL_UNAVAILABLE, given().when().get("/v2/models/stock-volume"));
        given().when().get("/v2/models/stock-volume").then().body("error", containsString("no model is being served"));
    }

    @Test
    void overGrpcTheServerIsNotReadyAndInferenceIsUnavailable() throws Exception {
        try (GrpcChannel grpc = new GrpcChannel()) {
            assertFalse(grpc.stub().serverReady(ServerReadyRequest.getDefaultInstance()).getReady());
            assertFalse(grpc.stub().modelReady(ModelReadyRequest.newBuilder().setName("stock-volume").build()).getReady());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> grpc.stub().modelInfer(
                    ModelInferRequest.newBuilder().setModelName("stock-volume").addInputs(
                            ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP64")
                                    .addShape(1).addShape(2).setContents(InferTensorContents.newBuilder()
                                            .addFp64Contents(1e6).addFp64Contents(50)))
                            .build()));
            FailureAnswers.assertAnswers(Failure.MODEL_UNAVAILABLE, e);
            assertTrue(e.getStatus().getDescription().contains("no model is being served"), e.getStatus().getDescription());
            assertEquals("10", e.getTrailers().get(GrpcStatuses.RETRY_AFTER));
        }
    }
}
