package com.stockvolume.service.metrics;

import com.stockvolume.card.ModelCard;
import com.stockvolume.service.drift.InputDrift;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The service's own meters, as Prometheus names them: predictions_total{model,version,endpoint},
 * prediction_batch_size, model_inference_seconds (histogram), model_inference_quantiles_seconds (summary),
 * model_load_seconds, model_info,
 * model_reload_failures_total{model} and prediction_input_out_of_range_total{feature}; a loaded version's
 * live accuracy meters are {@link LiveAccuracy}'s, its input drift meters {@link InputDrift}'s.
 */
@ApplicationScoped
public class ModelMetrics {

    private final MeterRegistry registry;
    private final LiveAccuracy liveAccuracy;
    private final InputDrift inputDrift;
    // Registered once per tag set: building and registering a meter per request (tags sorted, the
    // registry searched) costs every request.
    private final Map<List<String>, Counter> predictions = new ConcurrentHashMap<>();
    private final Map<String, Counter> outOfRange = new ConcurrentHashMap<>();
    private final Map<List<String>, List<Meter>> perVersion = new ConcurrentHashMap<>();
    private static final Duration[] INFERENCE_BUCKETS = Stream.of(
            10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000)
            .map(micros -> Duration.ofNanos(micros * 1_000L)).toArray(Duration[]::new);

    private final Timer inference;
    private final Timer inferenceQuantiles;
    private final DistributionSummary batchSize;
    private final DistributionSummary inferenceRows;
    private final Timer batchWait;

    public ModelMetrics(MeterRegistry registry, LiveAccuracy liveAccuracy, InputDrift inputDrift) {
        this.registry = registry;
        this.liveAccuracy = liveAccuracy;
        this.inputDrift = inputDrift;
        // A pure histogram with buckets from 10 us to 1 s, where inference lies; the default buckets
        // start at 1 ms, above a single row's inference, so no quantile below it could be read.
        this.inference = Timer.builder("model.inference")
                .description("Time of one ONNX Runtime call (all rows of a request, or of a batch of requests)")
                .serviceLevelObjectives(INFERENCE_BUCKETS)
                .register(registry);
        // Client-side quantiles apart, as a summary: mixed into the histogram they made it invalid (promtool).
        this.inferenceQuantiles = Timer.builder("model.inference.quantiles")
                .description("Quantiles of one ONNX Runtime call over the last minutes, computed in the service")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry);
        this.batchSize = DistributionSummary.builder("prediction.batch.size")
                .description("Rows per prediction request")
                .baseUnit("rows")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(100_000.0)
                .register(registry);
        this.inferenceRows = DistributionSummary.builder("model.inference.batch.rows")
                .description("Rows per ONNX Runtime call of a server-side batch (batching.max-rows)")
                .baseUnit("rows")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 1_000, 10_000)
                .register(registry);
        this.batchWait = Timer.builder("model.inference.batch.wait")
                .description("Time a call waited on its version's batching lane until its batch ran")
                .serviceLevelObjectives(INFERENCE_BUCKETS)
                .register(registry);
    }

    /**
     * model_info, model_load_seconds and the live accuracy meters of a version now served; removed again
     * when it is unloaded.
     */
    public void loaded(String name, String version, ModelCard card, double seconds) {
        String sha256 = card.sha256();
        Meter info = Gauge.builder("model.info", () -> 1)
                .description("A served model version; always 1")
                .tags("name", name, "version", version, "sha256", sha256)
                .register(registry);
        Meter load = Gauge.builder("model.load", () -> seconds)
                .description("Seconds it took to load and check the model version")
                .baseUnit("seconds")
                .tags("name", name, "version", version)
                .register(registry);
        perVersion.put(List.of(name, version), List.of(info, load));
        liveAccuracy.loaded(name, version, card);
        inputDrift.loaded(name, version, card);
    }

    public void unloaded(String name, String version) {
        List<Meter> meters = perVersion.remove(List.of(name, version));
        if (meters != null) {
            meters.forEach(registry::remove);
        }
        liveAccuracy.unloaded(name, version);
        inputDrift.unloaded(name, version);
    }

    /** model_reload_failures_total{model}: versions refused by a reload, registered at 0. */
    public Counter reloadFailures(String model) {
        return Counter.builder("model.reload.failures")
                .description("Model versions a reload refused (corrupt file, card mismatch, sample rows not reproduced)")
                .tags("model", model)
                .register(registry);
    }

    public void inferred(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
        inferenceQuantiles.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A server-side batch ran: its rows (unbatched calls are counted by prediction_batch_size_rows alone). */
    public void batched(int rows) {
        inferenceRows.record(rows);
    }

    /** model_inference_batch_queued: calls waiting on the batching lanes now (a batch still forming included). */
    public void queuedForBatches(Supplier<Number> calls) {
        Gauge.builder("model.inference.batch.queued", calls)
                .description("Inference calls waiting on the server-side batching lanes now (a batch still forming included)")
                .register(registry);
    }

    public void waitedForBatch(long nanos) {
        batchWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void predicted(String model, String version, String endpoint, int rows) {
        predictions.computeIfAbsent(List.of(model, version, endpoint), key -> Counter.builder("predictions")
                .description("Rows inferred (from-bars: with the one-step-back row of a forecast's live check)")
                .tags("model", key.get(0), "version", key.get(1), "endpoint", key.get(2))
                .register(registry))
                .increment(rows);
        batchSize.record(rows);
    }

    /** Inputs outside the range a feature took in training: the model extrapolates there. */
    public void outOfRange(String feature, int count) {
        if (count > 0) {
            outOfRange.computeIfAbsent(feature, name -> Counter.builder("prediction.input.out.of.range")
                    .description("Inputs outside the feature's training range in the model card")
                    .tags("feature", name)
                    .register(registry))
                    .increment(count);
        }
    }
}
