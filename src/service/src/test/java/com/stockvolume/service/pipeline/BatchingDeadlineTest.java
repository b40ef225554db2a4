package com.stockvolume.service.pipeline;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelLoader;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.Callers;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Batches that wait for more calls (batching.max-wait): a call whose deadline passes while it waits leaves with
 * admission's 503 and Retry-After, and the batch answers the others, each its own rows, once max-rows are queued.
 */
@QuarkusTest
@TestProfile(BatchingDeadlineTest.LongWait.class)
class BatchingDeadlineTest {

    /** A batch waits up to 30 s for 5,000 rows; bodies of 300 rows and more are read and inferred on worker threads. */
    public static class LongWait implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batching.max-rows", "5000", "batching.max-wait", "30s", "admission.concurrency", "4");
        }
    }

    private static CompletableFuture<Response> post(String body) {
        return Callers.async(() -> given().contentType("application/json").body(body)
                .post("/v1/predictions"));
    }

    private static double queued() {
        return Metrics.value("model_inference_batch_queued");
    }

    private static void assertPredictions(Response answer, int rows) throws Exception {
        assertEquals(200, answer.statusCode(), answer.asString());
        List<Double> volumes = JsonNumbers.doubles(answer.asString()).getList("predictions.volume", Double.class);
        double[] features = new double[rows * 2];
        for (int i = 0; i < rows; i++) {
            features[2 * i] = 1000 + i; // Bodies.instances' rows
            features[2 * i + 1] = 12.5;
        }
        try (LoadedModel alone = ModelLoader.load(OrtEnvironment.getEnvironment(), CommittedModel.DIRECTORY, 1)) {
            double[] expected = alone.infer(features)[0];
            assertEquals(rows, volumes.size());
            for (int i = 0; i < rows; i++) {
                assertEquals(expected[i], volumes.get(i), 0.0, "row " + i);
            }
        }
    }

    @Test
    void aCallPastItsDeadlineLeavesTheBatchWith503AndTheBatchAnswersTheOthers() throws Exception {
        CompletableFuture<Response> first = post(Bodies.instances(300));
        Conditions.waitUntil(() -> queued() == 1); // the first call forms a batch, waiting for 4,700 more rows

        Response late = given().contentType("application/json").header("X-Request-Timeout-Ms", "300")
                .body(Bodies.instances(300)).post("/v1/predictions");
        assertEquals(503, late.statusCode(), late.asString());
        assertEquals("1", late.header("Retry-After"));
        assertTrue(late.jsonPath().getString("detail").contains("ms for inference"), late.asString());
        assertEquals(1, queued(), "the late call left the queue");

        CompletableFuture<Response> filling = post(Bodies.instances(4700)); // 5,000 rows queued: the batch runs
        assertPredictions(first.get(60, TimeUnit.SECONDS), 300);
        assertPredictions(filling.get(60, TimeUnit.SECONDS), 4700);
        assertEquals(0, queued());
    }
}
