package com.stockvolume.service.prediction;

import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The Open Inference Protocol's infer, over REST and gRPC: rows already decoded and checked against a
 * model's input, inferred on a named version through admission control, which bounds batches.
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
     * @param version null: the default version
     * @param rows row-major, as wide as the model kind's input
     */
    public Inference infer(AdmittedRequest admitted, String name, String version, double[] rows, String endpoint) {
        int columns = registry.require(name).defaultModel().kind().columns();
        return admission.infer(admitted, rows.length / columns, () -> inference.infer(name, version, rows, endpoint));
    }

    /** The same on the default model's default version. */
    public Inference inferDefault(AdmittedRequest admitted, double[] rows, String endpoint) {
        return infer(admitted, registry.defaultName(), null, rows, endpoint);
    }
}
