package com.stockvolume.service.prediction;

import com.stockvolume.service.drift.InputDrift;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.TrainingRange;
import com.stockvolume.service.observability.RequestFacts;
import com.stockvolume.service.observability.Spans;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one inference path every use case shares: runs a model version on rows already checked, at
 * once, and counts the rows and the inputs outside the version's training range (a drift signal), and
 * lets a few of the rows into the version's input-drift sample.
 * Admission, where a use case needs it, wraps this call.
 */
@ApplicationScoped
public class ModelInference {

    private final ModelRegistry registry;
    private final ModelMetrics metrics;
    private final Spans spans;
    private final InputDrift inputDrift;

    public ModelInference(ModelRegistry registry, ModelMetrics metrics, Spans spans, InputDrift inputDrift) {
        this.inputDrift = inputDrift;
        this.registry = registry;
        this.metrics = metrics;
        this.spans = spans;
    }

    /**
     * @param version null: the default version
     * @param rows row-major, as wide as every version's input (a same-day model's)
     * @param endpoint what the rows and drift counters are labelled with
     */
    public Inference infer(String name, String version, double[] rows, String endpoint) {
        return registry.using(name, version, model -> infer(model, rows, endpoint));
    }

    /**
     * @param model held by the caller ({@link ModelRegistry#using})
     * @param rows row-major, as wide as the model's input
     */
    public Inference infer(LoadedModel model, double[] rows, String endpoint) {
        Inference inference = spans.inSpan("inference", () -> {
            Inference inferred = registry.infer(model, rows);
            Span.current().setAttribute(Spans.MODEL, inferred.model().name())
                    .setAttribute(Spans.VERSION, inferred.model().version())
                    .setAttribute(Spans.ROWS, (long) inferred.values().length);
            return inferred;
        });
        metrics.predicted(inference.model().name(), inference.model().version(), endpoint, inference.values().length);
        RequestFacts.inferred(inference.model().name(), inference.model().version(), inference.values().length);
        inputDrift.observe(inference.model().name(), inference.model().version(), rows);
        var features = inference.model().card().features();
        if (features != null) {
            int[] outside = TrainingRange.outside(features, rows);
            for (int f = 0; f < outside.length; f++) {
                metrics.outOfRange(features.get(f).name(), outside[f]);
            }
        }
        return inference;
    }
}
