package com.stockvolume.service.prediction;

import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Open Inference Protocol's infer, over REST and gRPC: rows already decoded and checked against a
 * model version's input, inferred on that version through admission control, which bounds batches.
 */
@ApplicationScoped
public class TensorInference {

    private final ModelRegistry registry;
    private final ModelInference inference;
    private final AdmissionControl admission;
    private final PredictionConfig limits;

    public TensorInference(ModelRegistry registry, ModelInference inference, AdmissionControl admission,
            PredictionConfig limits) {
        this.registry = registry;
        this.inference = inference;
        this.admission = admission;
        this.limits = limits;
    }

    /** The most rows one request may carry ({@code predictions.max-instances}). */
    public int maxRows() {
        return limits.maxInstances();
    }

    /**
     * @param model held by the caller ({@link ModelRegistry#using}), which checked the rows against it
     * @param rows row-major, as wide as the model's input
     */
    public Inference infer(AdmittedRequest admitted, LoadedModel model, double[] rows, String endpoint) {
        return admission.infer(admitted, rows.length / model.inputs().count(), () -> inference.infer(model, rows, endpoint));
    }

    /** The same on the default model's default version (same-day: every version takes the same two columns). */
    public Inference inferDefault(AdmittedRequest admitted, double[] rows, String endpoint) {
        return registry.using(registry.defaultName(), null, model -> infer(admitted, model, rows, endpoint));
    }
}
