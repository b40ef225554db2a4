package com.stockvolume.service.prediction;

import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.prediction.json.InstanceRowBuffer;
import com.stockvolume.service.prediction.json.PredictionRequest;
import com.stockvolume.service.prediction.json.PredictionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** POST /v1/predictions: a batch of same-day feature rows for the default model, checked, admitted, inferred once. */
@ApplicationScoped
public class FeatureBatchPrediction {

    private final TensorInference tensors;
    private final PredictionConfig limits;

    public FeatureBatchPrediction(TensorInference tensors, PredictionConfig limits) {
        this.tensors = tensors;
        this.limits = limits;
    }

    /** Checks the row count first, then every value (400 listing each), then predicts. */
    public PredictionResponse predict(AdmittedRequest admitted, PredictionRequest request) {
        if (request == null) {
            throw new InvalidInputException("the request body is empty", List.of("instances: is required"));
        }
        InstanceRowBuffer instances = request.instances();
        List<String> errors = new ArrayList<>();
        if (instances == null) {
            errors.add("instances: is required");
        } else {
            if (instances.size() > limits.maxInstances()) {
                throw new TooManyRowsException(instances.size(), limits.maxInstances());
            }
            instances.errors(errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.size() + " invalid value(s) in the request", errors);
        }
        return PredictionResponse.of(tensors.inferDefault(admitted, instances.values(), "v1"));
    }
}
