package com.stockvolume.service.prediction;

import com.stockvolume.features.InputColumns;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.PredictionConfig;
import com.stockvolume.service.metrics.LiveAccuracy;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.observability.Spans;
import com.stockvolume.service.prediction.json.BarsPredictionResponse;
import com.stockvolume.service.prediction.json.BarsPredictionResponse.DatePrediction;
import com.stockvolume.service.prediction.json.BarsRequest;
import com.stockvolume.service.prediction.json.PredictionResponse;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * POST /v1/predictions/from-bars: a symbol's raw bars, turned into input rows by the served model's
 * {@link ModelKind} (the same-day estimate of days with a bar, or the forecast of days from the bars
 * before them), inferred once. The bars count as the request's rows, and their features are computed
 * inside its inference slot. Answers the bars can check (LiveChecks: at most one extra row) feed
 * {@link LiveAccuracy}.
 */
@ApplicationScoped
public class FromBarsPrediction {

    private final ModelRegistry registry;
    private final ModelInference inference;
    private final AdmissionControl admission;
    private final PredictionConfig limits;
    private final LiveAccuracy liveAccuracy;
    private final Spans spans;

    public FromBarsPrediction(ModelRegistry registry, ModelInference inference, AdmissionControl admission,
            PredictionConfig limits, LiveAccuracy liveAccuracy, Spans spans) {
        this.spans = spans;
        this.registry = registry;
        this.inference = inference;
        this.admission = admission;
        this.limits = limits;
        this.liveAccuracy = liveAccuracy;
    }

    public BarsPredictionResponse predict(AdmittedRequest admitted, BarsRequest request) {
        int bars = request == null || request.bars() == null ? 0 : request.bars().size();
        return admission.infer(admitted, Math.max(1, Math.min(bars, limits.maxBars())), () -> predict(request));
    }

    private BarsPredictionResponse predict(BarsRequest request) {
        String name = request != null && request.model() != null ? request.model() : registry.defaultName();
        ModelKind kind = registry.require(name).defaultModel().kind();
        FromBarsRows.Asked asked = spans.inSpan("features", () -> {
            FromBarsRows.Asked computed = FromBarsRows.asked(kind, request, limits.maxBars());
            Span.current().setAttribute(Spans.BARS, (long) computed.bars().length)
                    .setAttribute(Spans.ROWS, (long) computed.rows().size());
            return computed;
        });
        List<InputRow> rows = asked.rows();
        LiveChecks.Plan checks = LiveChecks.plan(kind, asked.bars(), rows);
        // the version that infers the rows picks their columns: versions of a model may take different ones
        return registry.using(name, null, model -> {
            InputColumns columns = model.inputs();
            int width = columns.count();
            int inferred = rows.size() + (checks.extraRow() == null ? 0 : 1);
            double[] features = new double[inferred * width];
            for (int i = 0; i < rows.size(); i++) {
                columns.copy(rows.get(i).features(), features, i * width);
            }
            if (checks.extraRow() != null) {
                columns.copy(checks.extraRow().features(), features, rows.size() * width);
            }
            Inference inference = this.inference.infer(model, features, "from-bars");
            for (int c = 0; c < checks.rows().length; c++) {
                liveAccuracy.checked(name, model.version(), checks.actuals()[c], inference.values()[checks.rows()[c]]);
            }
            List<DatePrediction> predictions = new ArrayList<>(rows.size());
            for (int i = 0; i < rows.size(); i++) {
                InputRow row = rows.get(i);
                Answer answer = Answer.of(inference, i);
                String warning = FromBarsRows.thinWindowWarning(kind, row, limits.minWindowBars());
                predictions.add(switch (kind) {
                    case SAME_DAY -> sameDay(row, answer, warning);
                    case FORECAST -> forecast(row, columns, features, i, answer, warning);
                });
            }
            return new BarsPredictionResponse(PredictionResponse.modelRef(inference), request.symbol(), predictions);
        });
    }

    /** A row's predicted volume, and its interval's bounds when the model has one. */
    private record Answer(double volume, Double lower, Double upper) {

        static Answer of(Inference inference, int row) {
            double[][] outputs = inference.outputs();
            return outputs.length == 3
                    ? new Answer(outputs[0][row], outputs[1][row], outputs[2][row])
                    : new Answer(outputs[0][row], null, null);
        }
    }

    /** The original's two features by their own names, as the original pipeline's clients read them. */
    private static DatePrediction sameDay(InputRow row, Answer answer, String warning) {
        double[] f = row.features();
        return new DatePrediction(row.date().toString(), f[0], f[1], answer.volume(), answer.lower(), answer.upper(),
                row.windowBars(), null, warning);
    }

    /** The model's inputs by name under {@code features}: row {@code i} of the inferred matrix. */
    private static DatePrediction forecast(InputRow row, InputColumns columns, double[] features, int i, Answer answer,
            String warning) {
        int width = columns.count();
        Map<String, Double> byName = new LinkedHashMap<>(width * 4 / 3 + 1);
        for (int c = 0; c < width; c++) {
            byName.put(columns.names().get(c), features[i * width + c]);
        }
        return new DatePrediction(row.date().toString(), null, null, answer.volume(), answer.lower(), answer.upper(),
                row.windowBars(), byName, warning);
    }
}
