package com.stockvolume.service.prediction;

import com.stockvolume.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * GET /predict, the original API: one row of the default (same-day) model, already checked, inferred
 * at once. Its only allocations are the row and the answer, so it is not admitted: it cannot exhaust
 * memory, and inference on one row takes microseconds.
 */
@ApplicationScoped
public class SingleRowPrediction {

    private final ModelRegistry registry;
    private final ModelInference inference;

    public SingleRowPrediction(ModelRegistry registry, ModelInference inference) {
        this.registry = registry;
        this.inference = inference;
    }

    /** The predicted Volume of a day with these two same-day features. */
    public double predict(double volMovingAvg, double adjCloseRollingMed) {
        return inference.infer(registry.defaultName(), null, new double[]{volMovingAvg, adjCloseRollingMed}, "predict")
                .values()[0];
    }
}
