package com.stockvolume.service.oip;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelInferResponse;
import com.stockvolume.service.oip.grpc.proto.ModelMetadataRequest;
import com.stockvolume.service.oip.grpc.proto.ModelReadyRequest;
import com.stockvolume.service.oip.grpc.proto.ServerLiveRequest;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.JsonNumbers;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The Open Inference Protocol over gRPC on the HTTP port, called with a plain grpc-java client, for
 * what Triton's and KServe's clients never send (examples/clients runs those): typed contents,
 * malformed and oversized requests. The same numbers and messages as /v2 over REST.
 */
@QuarkusTest
class GrpcInferenceTest {

    private GrpcChannel grpc;

    @BeforeEach
    void connect() {
        grpc = new GrpcChannel(); // the test's port is known once a test runs
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        grpc.close();
    }

    private static double[] rows(ModelCard card) {
        return card.samples().stream().flatMapToDouble(s -> Arrays.stream(s.features())).toArray();
    }

    /** REST's /v2 answer for the same rows. */
    private static double[] rest(String model, double[] rows, int columns, String datatype) {
        return JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Bodies.infer(rows, columns, datatype))
                .when().post("/v2/models/" + model + "/infer").then().statusCode(200).extract().asString())
                .getList("outputs[0].data", Double.class).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] fp64(ModelInferResponse response) {
        return response.getOutputs(0).getContents().getFp64ContentsList().stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void typedContentsGiveRestsNumbersExactly() {
        double[] rows = rows(CommittedModel.CARD);
        ModelInferResponse response = grpc.stub().modelInfer(GrpcChannel.typed("stock-volume", rows, 2).build());
        assertEquals("stock-volume", response.getModelName());
        assertEquals(CommittedModel.VERSION, response.getModelVersion());
        assertEquals("req-9", response.getId());
        assertEquals("volume", response.getOutputs(0).getName());
        assertEquals("FP64", response.getOutputs(0).getDatatype());
        assertEquals(List.of((long) rows.length / 2, 1L), response.getOutputs(0).getShapeList());
        assertArrayEquals(rest("stock-volume", rows, 2, "FP64"), fp64(response), 0.0);
        for (int i = 0; i < CommittedModel.samples().size(); i++) {
            double expected = CommittedModel.samples().get(i).prediction();
            assertEquals(expected, fp64(response)[i], 1e-9 * Math.max(1, expected));
        }
    }

    @Test
    void failuresAreStatusCodesWithRestsMessages() {
        ModelInferRequest.Builder shortData = GrpcChannel.typed("stock-volume", new double[]{1e6, 50}, 2);
        shortData.getInputsBuilder(0).setShape(0, 2);
        assertStatus(Status.Code.INVALID_ARGUMENT,
                "input 'features' has 2 values in contents.fp64_contents; its shape needs 4 (or send them in raw_input_contents)",
                () -> grpc.stub().modelInfer(shortData.build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "input 'features' value 1 is -50.0; each value must be a finite number >= 0",
                () -> grpc.stub().modelInfer(GrpcChannel.typed("stock-volume", new double[]{1e6, -50}, 2).build()));
        assertStatus(Status.Code.INVALID_ARGUMENT, "the request names no model (model_name)",
                () -> grpc.stub().modelInfer(GrpcChannel.typed("", new double[]{1e6, 50}, 2).build()));
        assertStatus(Status.Code.NOT_FOUND, null,
                () -> grpc.stub().modelReady(ModelReadyRequest.newBuilder().setName("nope").build()));
        assertStatus(Status.Code.NOT_FOUND, null,
                () -> grpc.stub().modelMetadata(ModelMetadataRequest.newBuilder().setName("nope").build()));
    }

    @Test
    void tooManyRowsAndTooLargeAMessageAreRefused() {
        assertStatus(Status.Code.RESOURCE_EXHAUSTED,
                "10001 rows in one request; at most 10000 are accepted (predictions.max-instances)",
                () -> grpc.stub().modelInfer(GrpcChannel.typed("stock-volume", new double[2 * 10_001], 2).build()));
        // over quarkus.grpc.server.max-inbound-message-size (2.5 MiB): refused before it is parsed
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> grpc.stub().modelInfer(GrpcChannel.typed("stock-volume", new double[2 * 200_000], 2).build()));
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode(), e.getStatus().toString());
        // and the service goes on answering
        assertTrue(grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
    }

    @Test
    void theMostRowsARequestMayCarryFitOneMessageAtTheWidestServedModelsWidth() {
        // predictions.max-instances rows of stock-volume-forecast 2's 27 inputs: 2.16 MB of FP64 in one message
        ModelCard card = CommittedModel.read(CommittedModel.FORECAST);
        int columns = card.inputs().get(0).shape().get(1).intValue();
        assertEquals(27, columns);
        double[] sample = rows(card);
        double[] rows = new double[10_000 * columns];
        for (int i = 0; i < rows.length; i += sample.length) {
            System.arraycopy(sample, 0, rows, i, Math.min(sample.length, rows.length - i));
        }
        ModelInferResponse response = grpc.stub()
                .modelInfer(GrpcChannel.typed("stock-volume-forecast", rows, columns).setModelVersion("2").build());
        double[] volumes = fp64(response);
        assertEquals(10_000, volumes.length);
        double[] first = Arrays.copyOf(rest("stock-volume-forecast", sample, columns, "FP64"), sample.length / columns);
        assertArrayEquals(first, Arrays.copyOf(volumes, first.length), "the same numbers as REST's for the same rows");
    }

    private static void assertStatus(Status.Code code, String message, Executable call) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call);
        assertEquals(code, e.getStatus().getCode(), e.getStatus().toString());
        if (message != null) {
            assertEquals(message, e.getStatus().getDescription());
        } else {
            assertFalse(e.getStatus().getDescription().isBlank());
        }
    }
}
