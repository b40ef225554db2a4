package com.stockvolume.service.metrics;

import com.stockvolume.features.Bar;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import java.util.Arrays;
import java.util.List;

/**
 * Live accuracy: which answers of a from-bars request its own bars can check against an actual volume.
 * A same-day model's every answered date has its bar. A forecast model's check is one step back: the
 * newest bar that has history before it, forecast from the bars before it, which is the answer itself
 * when the request asked for that date, else one extra row inferred with the asked ones. Pure.
 */
public final class LiveChecks {

    private LiveChecks() {
    }

    /**
     * @param extraRow the row to infer after the asked ones, or null
     * @param rows indexes of the inferred rows checked (the extra row's is the number of asked rows)
     * @param actuals the actual volume of each checked row
     */
    public record Plan(InputRow extraRow, int[] rows, double[] actuals) {

        static final Plan NONE = new Plan(null, new int[0], new double[0]);
    }

    /**
     * @param sorted the request's bars by date
     * @param asked the rows the request asked for, in the order they are inferred
     */
    public static Plan plan(ModelKind kind, Bar[] sorted, List<InputRow> asked) {
        return switch (kind) {
            case SAME_DAY -> sameDay(asked);
            case FORECAST -> oneStepBack(sorted, asked);
        };
    }

    private static Plan sameDay(List<InputRow> asked) {
        int[] rows = new int[asked.size()];
        double[] actuals = new double[asked.size()];
        int n = 0;
        for (int i = 0; i < asked.size(); i++) {
            Bar bar = asked.get(i).bar();
            if (bar != null) {
                rows[n] = i;
                actuals[n++] = bar.volume();
            }
        }
        return new Plan(null, Arrays.copyOf(rows, n), Arrays.copyOf(actuals, n));
    }

    private static Plan oneStepBack(Bar[] sorted, List<InputRow> asked) {
        for (int k = sorted.length - 1; k >= 0; k--) {
            InputRow row = ModelKind.FORECAST.at(sorted, sorted[k].date());
            if (row == null) {
                continue;
            }
            double actual = sorted[k].volume();
            for (int i = 0; i < asked.size(); i++) {
                if (asked.get(i).date().equals(row.date())) {
                    return new Plan(null, new int[]{i}, new double[]{actual});
                }
            }
            return new Plan(row, new int[]{asked.size()}, new double[]{actual});
        }
        return Plan.NONE;
    }
}
