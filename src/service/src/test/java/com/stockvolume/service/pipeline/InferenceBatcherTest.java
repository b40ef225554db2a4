package com.stockvolume.service.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.stockvolume.service.config.BatchingConfig;
import com.stockvolume.service.drift.InputDrift;
import com.stockvolume.service.metrics.LiveAccuracy;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelLoader;
import com.stockvolume.service.support.CommittedModel;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Server-side batching on the committed models: concurrent calls for one version run as fewer ONNX Runtime calls,
 * and each call's outputs are bit-identical to the same rows inferred alone, for every output of a model with an
 * interval too; a call at max-rows or more runs alone; max-rows 1 turns batching off.
 */
class InferenceBatcherTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ModelMetrics metrics = new ModelMetrics(registry, new LiveAccuracy(registry), new InputDrift(registry));

    /** The configuration as the service reads it, from these properties. */
    private static BatchingConfig batching(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(BatchingConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build()
                .getConfigMapping(BatchingConfig.class);
    }

    private static BatchingConfig batching(int maxRows, Duration maxWait) {
        return batching(Map.of("batching.max-rows", String.valueOf(maxRows), "batching.max-wait", maxWait.toString()));
    }

    private static double[] rows(LoadedModel version, int count, Random random) {
        List<com.stockvolume.card.ModelCard.Sample> samples = version.card().samples();
        int columns = version.inputs().count();
        double[] rows = new double[count * columns];
        for (int r = 0; r < count; r++) {
            double[] sample = samples.get(random.nextInt(samples.size())).features();
            for (int c = 0; c < columns; c++) {
                rows[r * columns + c] = sample[c] * (0.5 + random.nextDouble()); // near the card's rows, all distinct
            }
        }
        return rows;
    }

    /** 16 threads released at once, each with its own rows (1 to 8 of them), 50 calls each. */
    private void concurrentCallsAnswerAsAlone(Path directory, int maxRows) throws Exception {
        try (LoadedModel version = ModelLoader.load(ENVIRONMENT, directory, 1)) {
            // a generous wait, so that batches form on any machine; the answers must not depend on it
            InferenceBatcher batcher = new InferenceBatcher(batching(maxRows, Duration.ofMillis(200)), metrics, null);
            ExecutorService threads = Executors.newFixedThreadPool(16);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> calls = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Random random = new Random(t);
                calls.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 50; i++) {
                        double[] rows = rows(version, 1 + random.nextInt(8), random);
                        double[][] batched = batcher.infer(version, rows, null);
                        double[][] alone = version.infer(rows);
                        assertEquals(alone.length, batched.length);
                        for (int k = 0; k < alone.length; k++) {
                            assertArrayEquals(alone[k], batched[k], "output " + k); // bit for bit: no tolerance
                        }
                    }
                    return 50;
                }));
            }
            start.countDown();
            for (Future<Integer> call : calls) {
                assertEquals(50, call.get());
            }
            threads.shutdown();
            DistributionSummary rowsPerCall = registry.get("model.inference.batch.rows").summary();
            assertTrue(rowsPerCall.count() < 16 * 50, "fewer ONNX Runtime calls than requests: " + rowsPerCall.count());
            assertTrue(rowsPerCall.max() > 8, "a batch held more rows than any one call: " + rowsPerCall.max());
            assertTrue(rowsPerCall.max() <= maxRows, "no batch above max-rows: " + rowsPerCall.max());
            assertEquals(16 * 50, registry.get("model.inference.batch.wait").timer().count());
        }
    }

    @Test
    void concurrentCallsOfTheDefaultModelAreBatchedAndAnswerBitForBitAsAlone() throws Exception {
        concurrentCallsAnswerAsAlone(CommittedModel.DIRECTORY, 32);
    }

    @Test
    void everyOutputOfAModelWithAnIntervalIsBitForBitAsAlone() throws Exception {
        concurrentCallsAnswerAsAlone(CommittedModel.FORECAST, 64);
    }

    @Test
    void aCallOfMaxRowsOrMoreRunsAloneAndMaxRowsOneTurnsBatchingOff() throws Exception {
        try (LoadedModel version = ModelLoader.load(ENVIRONMENT, CommittedModel.DIRECTORY, 1)) {
            double[] rows = rows(version, 10, new Random(1));
            new InferenceBatcher(batching(10, Duration.ofSeconds(30)), metrics, null).infer(version, rows, null);
            new InferenceBatcher(batching(1, Duration.ofSeconds(30)), metrics, null).infer(version,
                    rows(version, 1, new Random(2)), null);
            // neither waited for more calls (30 s), nor queued on a lane
            assertEquals(0, registry.get("model.inference.batch.wait").timer().count());
            assertEquals(0, registry.get("model.inference.batch.rows").summary().count());
            assertEquals(2, registry.get("model.inference").timer().count());
        }
    }

    @Test
    void perModelKnobsOverrideTheDefaults() {
        BatchingConfig config = batching(Map.of("batching.max-rows", "64", "batching.max-wait", "PT0S",
                "batching.model.\"stock-volume-forecast\".max-rows", "8"));
        assertEquals(8, config.maxRows("stock-volume-forecast"));
        assertEquals(64, config.maxRows("stock-volume"));
        assertEquals(0, config.maxWaitNanos("stock-volume-forecast"));
    }
}
