package com.stockvolume.service.prediction;

import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.TrainingRange;
import com.stockvolume.service.prediction.json.BarsPredictionResponse;
import com.stockvolume.service.prediction.json.BarsPredictionResponse.DatePrediction;
import com.stockvolume.service.prediction.json.BarsRequest;
import com.stockvolume.service.prediction.json.InstanceRowBuffer;
import com.stockvolume.service.prediction.json.PredictionRequest;
import com.stockvolume.service.prediction.json.PredictionResponse;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every prediction endpoint does: check limits and values, infer once, count. Batches infer
 * through admission control, which bounds them; a single row (GET /predict) infers at once.
 */
@ApplicationScoped
public class PredictionService {

    private final ModelRegistry registry;
    private final ModelMetrics metrics;
    private final ModelConfig model;
    private final PredictionConfig limits;
    private final AdmissionControl admission;

    public PredictionService(ModelRegistry registry, ModelMetrics metrics, ModelConfig model,
            PredictionConfig limits, AdmissionControl admission) {
        this.registry = registry;
        this.metrics = metrics;
        this.model = model;
        this.limits = limits;
        this.admission = admission;
    }

    /** Checks the row count first (413), then every value (400), then predicts. */
    public PredictionResponse predict(AdmittedRequest admitted, PredictionRequest request, String endpoint) {
        if (request == null) {
            throw new InvalidInputException("the request body is empty", List.of("instances: is required"));
        }
        InstanceRowBuffer instances = request.instances();
        List<String> errors = new ArrayList<>();
        if (instances == null) {
            errors.add("instances: is required");
        } else {
            checkRows(instances.size());
            instances.errors(errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.size() + " invalid value(s) in the request", errors);
        }
        return PredictionResponse.of(predict(admitted, model.name(), null, instances.values(), endpoint));
    }

    /**
     * Features computed from raw bars by the training definition, then one inference call; the
     * bars count as the request's rows, and their features are computed inside its inference slot.
     */
    public BarsPredictionResponse predict(AdmittedRequest admitted, BarsRequest request) {
        int bars = request == null || request.bars() == null ? 0 : request.bars().size();
        return admission.infer(admitted, Math.max(1, Math.min(bars, limits.maxBars())), () -> predictBars(request));
    }

    private BarsPredictionResponse predictBars(BarsRequest request) {
        String name = request != null && request.model() != null ? request.model() : model.name();
        List<String> inputs = registry.require(name).defaultModel().card().inputs().get(0).columns();
        if (inputs.equals(ForecastFeatures.FEATURE_NAMES)) {
            return forecastBars(name, request);
        }
        return sameDayBars(name, request);
    }

    /** Each requested date's Volume forecast from the request's bars before it. */
    private BarsPredictionResponse forecastBars(String name, BarsRequest request) {
        List<FromBarsForecast> dates = FromBarsForecast.of(request, limits.maxBars());
        int columns = ForecastFeatures.COLUMNS;
        double[] features = new double[dates.size() * columns];
        for (int i = 0; i < dates.size(); i++) {
            System.arraycopy(dates.get(i).features(), 0, features, i * columns, columns);
        }
        Inference inference = predict(name, null, features, "from-bars");
        List<DatePrediction> predictions = new ArrayList<>(dates.size());
        for (int i = 0; i < dates.size(); i++) {
            double[] f = dates.get(i).features();
            Map<String, Double> byName = new LinkedHashMap<>();
            for (int c = 0; c < columns; c++) {
                byName.put(ForecastFeatures.FEATURE_NAMES.get(c), f[c]);
            }
            int windowRows = (int) f[columns - 1];
            String warning = windowRows < limits.minWindowBars()
                    ? "the 30 days before the date hold " + windowRows + " bar(s), fewer than " + limits.minWindowBars()
                            + " (predictions.min-window-bars): the features are thin"
                    : null;
            predictions.add(new DatePrediction(dates.get(i).date().toString(), null, null, inference.values()[i],
                    windowRows, byName, warning));
        }
        return new BarsPredictionResponse(PredictionResponse.modelRef(inference), request.symbol(), predictions);
    }

    private BarsPredictionResponse sameDayBars(String name, BarsRequest request) {
        List<FeatureRow> rows = FromBarsFeatures.of(request, limits.maxBars()).rows();
        double[] features = new double[rows.size() * WindowFeatures.COLUMNS];
        for (int i = 0; i < rows.size(); i++) {
            features[WindowFeatures.COLUMNS * i] = rows.get(i).volMovingAvg();
            features[WindowFeatures.COLUMNS * i + 1] = rows.get(i).adjCloseRollingMed();
        }
        Inference inference = predict(name, null, features, "from-bars");
        List<DatePrediction> predictions = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            FeatureRow row = rows.get(i);
            predictions.add(new DatePrediction(row.date().toString(), row.volMovingAvg(),
                    row.adjCloseRollingMed(), inference.values()[i], row.windowRows(), null,
                    FromBarsFeatures.thinWindowWarning(row, limits.minWindowBars())));
        }
        return new BarsPredictionResponse(PredictionResponse.modelRef(inference), request.symbol(), predictions);
    }

    /** One inference call on the default version for already checked row-major rows, at once. */
    public Inference predict(double[] rows, String endpoint) {
        return predict(model.name(), null, rows, endpoint);
    }

    /**
     * The same for a batch of model {@code name}, through admission control ({@code version} null:
     * the default); the rows are row-major, as wide as the model's input.
     */
    public Inference predict(AdmittedRequest admitted, String name, String version, double[] rows, String endpoint) {
        int columns = registry.require(name).defaultModel().card().inputs().get(0).shape().get(1).intValue();
        return admission.infer(admitted, rows.length / columns, () -> predict(name, version, rows, endpoint));
    }

    /**
     * The same on a named version ({@code null}: the default); each endpoint limits its own
     * requests. Counts the rows and the inputs outside the serving version's training range.
     */
    public Inference predict(String name, String version, double[] rows, String endpoint) {
        Inference inference = registry.infer(name, version, rows);
        metrics.predicted(inference.model().name(), inference.model().version(), endpoint, inference.values().length);
        var features = inference.model().card().features();
        if (features != null) {
            int[] outside = TrainingRange.outside(features, rows);
            for (int f = 0; f < outside.length; f++) {
                metrics.outOfRange(features.get(f).name(), outside[f]);
            }
        }
        return inference;
    }

    public int maxInstances() {
        return limits.maxInstances();
    }

    private void checkRows(int rows) {
        if (rows > limits.maxInstances()) {
            throw new TooManyRowsException(rows, limits.maxInstances());
        }
    }
}
