package com.stockvolume.trainer;

import com.stockvolume.card.ModelCard.Coverage;
import com.stockvolume.card.ModelCard.Errors;
import com.stockvolume.card.ModelCard.SliceErrors;
import com.stockvolume.features.ModelKind;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * MAE and MSE of the model, the naive baseline (predict vol_moving_avg) and the original model on
 * the same held-out rows: overall, stocks and ETFs, hand-picked and randomly drawn symbols.
 */
final class HoldoutEvaluation {

    private HoldoutEvaluation() {
    }

    /**
     * @param rows the held-out rows, in the order of {@code model}, {@code bounds} and {@code original}
     * @param bounds the interval's lower and upper bounds, or null without an interval
     * @param original null when there is no original model to compare with
     */
    static List<SliceErrors> slices(String holdout, FeatureTable table, int[] rows, double[] model, double[][] bounds,
            double[] original, Set<String> handPicked) {
        IntPredicate etf = r -> table.symbols().get(table.symbolIndex(r)).etf();
        IntPredicate picked = r -> handPicked.contains(table.symbols().get(table.symbolIndex(r)).symbol());
        List<SliceErrors> out = new ArrayList<>();
        out.add(slice(holdout, "all", r -> true, table, rows, model, bounds, original));
        out.add(slice(holdout, "stocks", etf.negate(), table, rows, model, bounds, original));
        out.add(slice(holdout, "etfs", etf, table, rows, model, bounds, original));
        out.add(slice(holdout, "hand-picked", picked, table, rows, model, bounds, original));
        out.add(slice(holdout, "random", picked.negate(), table, rows, model, bounds, original));
        return out;
    }

    /** One line of the table {@code train} prints. */
    static String describe(SliceErrors s) {
        return String.format("held out by %-7s %-11s %4d symbols %8d rows: MAE model %,12.0f  naive %,12.0f%s  original %s%s",
                s.holdout(), s.slice(), s.symbols(), s.rows(), mae(s.model()), mae(s.naive()),
                s.previousDay() == null ? "" : String.format("  previous day %,12.0f", s.previousDay().mae()),
                s.original() == null ? "-" : String.format("%,12.0f", s.original().mae()),
                s.interval() == null
                        ? ""
                        : String.format("  interval: %.1f%% inside, mean width %,.0f",
                                100 * s.interval().inside(), s.interval().meanWidth()));
    }

    private static double mae(Errors e) {
        return e == null ? Double.NaN : e.mae();
    }

    private static SliceErrors slice(String holdout, String name, IntPredicate in, FeatureTable table,
            int[] rows, double[] model, double[][] bounds, double[] original) {
        long inside = 0;
        double width = 0;
        Sums ours = new Sums();
        Sums naive = new Sums();
        Sums previous = new Sums();
        Sums theirs = new Sums();
        BitSet symbols = new BitSet();
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            if (!in.test(r)) {
                continue;
            }
            double volume = table.volume(r);
            ours.add(model[i] - volume);
            if (bounds != null) {
                inside += bounds[0][i] <= volume && volume <= bounds[1][i] ? 1 : 0;
                width += bounds[1][i] - bounds[0][i];
            }
            naive.add(table.windowMean(r) - volume);
            // only a forecast is compared with the previous day: a same-day model reads the day's own bar
            double previousDay = table.kind() == ModelKind.FORECAST ? table.previousDay(r) : Double.NaN;
            if (!Double.isNaN(previousDay)) {
                previous.add(previousDay - volume);
            }
            if (original != null) {
                theirs.add(original[i] - volume);
            }
            symbols.set(table.symbolIndex(r));
        }
        return new SliceErrors(holdout, name, ours.n, symbols.cardinality(), ours.errors(), naive.errors(),
                previous.errors(), original == null ? null : theirs.errors(),
                bounds == null || ours.n == 0 ? null : new Coverage((double) inside / ours.n, width / ours.n));
    }

    private static final class Sums {

        long n;
        double absolute;
        double squared;

        void add(double error) {
            n++;
            absolute += Math.abs(error);
            squared += error * error;
        }

        Errors errors() {
            return n == 0 ? null : new Errors(absolute / n, squared / n);
        }
    }
}
