package com.stockvolume.service.prediction;

import com.stockvolume.service.model.ModelRegistry.Inference;
import java.util.ArrayList;
import java.util.List;

/** {@code {"model":{"name","version"},"predictions":[{"volume":..}, ...]}}, in input order. */
public record PredictionResponse(ModelRef model, List<Prediction> predictions) {

    public record ModelRef(String name, String version) {}

    public record Prediction(double volume) {}

    public static PredictionResponse of(Inference inference) {
        List<Prediction> predictions = new ArrayList<>(inference.values().length);
        for (double value : inference.values()) {
            predictions.add(new Prediction(value));
        }
        return new PredictionResponse(modelRef(inference), predictions);
    }

    static ModelRef modelRef(Inference inference) {
        return new ModelRef(inference.model().name(), inference.model().version());
    }
}
