package com.stockvolume.service.prediction;

import com.stockvolume.features.InputColumns;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.metrics.LiveChecks;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.observability.Spans;
import com.stockvolume.service.pipeline.ModelInput;
import com.stockvolume.service.prediction.json.BarsPredictionResponse;
import com.stockvolume.service.prediction.json.BarsPredictionResponse.DatePrediction;
import com.stockvolume.service.prediction.json.BarsRequest;
import com.stockvolume.service.prediction.json.PredictionResponse;
import io.opentelemetry.api.trace.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A from-bars request as one model version takes it: its bars turned into the rows of the requested dates
 * by the version's {@link ModelKind} (the same-day estimate of days with a bar, or the forecast of days from
 * the bars before them), in the version's columns, plus the rows its own bars can check ({@link LiveChecks}:
 * at most one extra row). Pure.
 *
 * @param rows row-major: the asked rows, then the extra checked row if any
 */
public record FromBarsInput(ModelKind kind, InputColumns columns, FromBarsRows.Asked asked, LiveChecks.Plan checks,
        double[] rows) implements ModelInput {

    /** @throws InvalidInputException listing every bad bar or field */
    public static FromBarsInput decode(LoadedModel version, BarsRequest request, int maxBars) {
        ModelKind kind = version.kind();
        FromBarsRows.Asked asked = FromBarsRows.asked(kind, request, maxBars);
        List<InputRow> rows = asked.rows();
        LiveChecks.Plan checks = LiveChecks.plan(kind, asked.bars(), rows);
        InputColumns columns = version.inputs();
        int width = columns.count();
        int inferred = rows.size() + (checks.extraRow() == null ? 0 : 1);
        double[] features = new double[inferred * width];
        for (int i = 0; i < rows.size(); i++) {
            columns.copy(rows.get(i).features(), features, i * width);
        }
        if (checks.extraRow() != null) {
            columns.copy(checks.extraRow().features(), features, rows.size() * width);
        }
        return new FromBarsInput(kind, columns, asked, checks, features);
    }

    @Override
    public int[] checkedRows() {
        return checks.rows();
    }

    @Override
    public double[] actuals() {
        return checks.actuals();
    }

    @Override
    public void describe(Span span) {
        span.setAttribute(Spans.BARS, (long) asked.bars().length).setAttribute(Spans.ROWS, (long) asked.rows().size());
    }

    /** The answer: each asked date's prediction (and interval), with its features, in the order asked. */
    public BarsPredictionResponse answer(Inference inference, String symbol, int minWindowBars) {
        List<InputRow> asked = this.asked.rows();
        List<DatePrediction> predictions = new ArrayList<>(asked.size());
        for (int i = 0; i < asked.size(); i++) {
            InputRow row = asked.get(i);
            Answer answer = Answer.of(inference, i);
            String warning = FromBarsRows.thinWindowWarning(kind, row, minWindowBars);
            predictions.add(switch (kind) {
                case SAME_DAY -> sameDay(row, answer, warning);
                case FORECAST -> forecast(row, i, answer, warning);
            });
        }
        return new BarsPredictionResponse(PredictionResponse.modelRef(inference), symbol, predictions);
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
    private DatePrediction forecast(InputRow row, int i, Answer answer, String warning) {
        int width = columns.count();
        Map<String, Double> byName = new LinkedHashMap<>(width * 4 / 3 + 1);
        for (int c = 0; c < width; c++) {
            byName.put(columns.names().get(c), rows[i * width + c]);
        }
        return new DatePrediction(row.date().toString(), null, null, answer.volume(), answer.lower(), answer.upper(),
                row.windowBars(), byName, warning);
    }
}
