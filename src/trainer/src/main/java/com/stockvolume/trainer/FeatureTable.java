package com.stockvolume.trainer;

import com.stockvolume.card.ReferenceBins;
import com.stockvolume.features.Bar;
import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.InputColumns;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.dataset.SymbolFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of the dataset in columns: the model's input columns (the training matrix), the day's
 * Volume, and context columns that the label and the evaluation read: the same day's (vol_moving_avg,
 * adj_close_rolling_med), which the original model takes, the previous bar's Volume, and the kind's
 * window mean (its first column: the ratio label's denominator and the naive baseline). Primitive
 * arrays, because the whole dataset's rows as objects would take several times the memory. Rows are
 * addressed by index; a split or a slice is an {@code int[]} of indices.
 */
final class FeatureTable {

    private static final int CONTEXT_COLUMNS = 4;

    private final ModelKind kind;
    private final InputColumns inputs;
    private final int columns;
    private final List<SymbolFile> symbols = new ArrayList<>();
    private double[] features;
    private double[] context;
    private double[] volume = new double[1 << 16];
    private int[] symbolOf = new int[1 << 16];
    private int[] day = new int[1 << 16];
    private int rows;

    FeatureTable(InputColumns inputs) {
        this.kind = inputs.kind();
        this.inputs = inputs;
        this.columns = inputs.count();
        this.features = new double[columns << 16];
        this.context = new double[CONTEXT_COLUMNS << 16];
    }

    ModelKind kind() {
        return kind;
    }

    int columns() {
        return columns;
    }

    InputColumns inputs() {
        return inputs;
    }

    /** Adds the rows the kind makes of one symbol's bars, with their context; symbols arrive one at a time. */
    void add(SymbolFile symbol, List<Bar> bars) {
        Map<LocalDate, FeatureRow> sameDay = new HashMap<>();
        WindowFeatures.compute(bars).forEach(row -> sameDay.put(row.date(), row));
        Bar[] sorted = bars.stream().sorted(Comparator.comparing(Bar::date)).toArray(Bar[]::new);
        int next = 0; // the first bar dated on or after the row's day
        for (InputRow row : kind.everyBar(bars)) {
            while (next < sorted.length && sorted[next].date().isBefore(row.date())) {
                next++;
            }
            FeatureRow same = sameDay.get(row.date());
            add(symbol, row.date(), row.bar().volume(), inputs.of(row.features()), new double[]{same.volMovingAvg(),
                    same.adjCloseRollingMed(), next > 0 ? sorted[next - 1].volume() : Double.NaN, row.features()[0]});
        }
    }

    private void add(SymbolFile symbol, LocalDate date, double dayVolume, double[] rowFeatures, double[] rowContext) {
        if (symbols.isEmpty() || symbols.get(symbols.size() - 1) != symbol) {
            symbols.add(symbol);
        }
        if (rows == volume.length) {
            volume = Arrays.copyOf(volume, rows * 2);
            symbolOf = Arrays.copyOf(symbolOf, rows * 2);
            day = Arrays.copyOf(day, rows * 2);
            features = Arrays.copyOf(features, rows * 2 * columns);
            context = Arrays.copyOf(context, rows * 2 * CONTEXT_COLUMNS);
        }
        System.arraycopy(rowFeatures, 0, features, rows * columns, columns);
        System.arraycopy(rowContext, 0, context, rows * CONTEXT_COLUMNS, CONTEXT_COLUMNS);
        volume[rows] = dayVolume;
        symbolOf[rows] = symbols.size() - 1;
        day[rows] = (int) date.toEpochDay();
        rows++;
    }

    int rows() {
        return rows;
    }

    /** The symbols that have rows, in the order they were added. */
    List<SymbolFile> symbols() {
        return symbols;
    }

    /** Index into {@link #symbols()} of row {@code r}. */
    int symbolIndex(int r) {
        return symbolOf[r];
    }

    long epochDay(int r) {
        return day[r];
    }

    double feature(int r, int column) {
        return features[r * columns + column];
    }

    /** The previous bar's Volume, as a forecast of row {@code r}; NaN for a symbol's first bar. */
    double previousDay(int r) {
        return context[r * CONTEXT_COLUMNS + 2];
    }

    /** The kind's 30-day window mean Volume of row {@code r}: the naive forecast, and the ratio label's denominator. */
    double windowMean(int r) {
        return context[r * CONTEXT_COLUMNS + 3];
    }

    double volume(int r) {
        return volume[r];
    }

    LocalDate first() {
        return LocalDate.ofEpochDay(Arrays.stream(day, 0, rows).min().orElseThrow());
    }

    LocalDate last() {
        return LocalDate.ofEpochDay(Arrays.stream(day, 0, rows).max().orElseThrow());
    }

    /** Row-major features of {@code selected}. */
    double[] features(int[] selected) {
        double[] out = new double[selected.length * columns];
        for (int i = 0; i < selected.length; i++) {
            System.arraycopy(features, selected[i] * columns, out, i * columns, columns);
        }
        return out;
    }

    /** Row-major same-day (vol_moving_avg, adj_close_rolling_med) of {@code selected}: the original model's input. */
    double[] originalInput(int[] selected) {
        double[] out = new double[selected.length * 2];
        for (int i = 0; i < selected.length; i++) {
            System.arraycopy(context, selected[i] * CONTEXT_COLUMNS, out, i * 2, 2);
        }
        return out;
    }

    /** symbol, date, volume, features and prediction of {@code selected}. */
    void writePredictions(Path file, List<String> featureNames, int[] selected, double[] predicted) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("symbol,date,volume," + String.join(",", featureNames) + ",prediction\n");
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < selected.length; i++) {
                int r = selected[i];
                line.setLength(0);
                line.append(symbols.get(symbolOf[r]).symbol()).append(',').append(LocalDate.ofEpochDay(day[r]))
                        .append(',').append(volume[r]);
                for (int c = 0; c < columns; c++) {
                    line.append(',').append(features[r * columns + c]);
                }
                out.write(line.append(',').append(predicted[i]).append('\n').toString());
            }
        }
    }

    /** {min, max} of a feature column over {@code selected}. */
    double[] range(int column, int[] selected) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r : selected) {
            double v = features[r * columns + column];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[]{min, max};
    }

    /**
     * The column's 10th to 90th percentiles over the selected rows (nearest rank on the sorted values:
     * deterministic, so that retraining writes the same card), NaN left out.
     */
    List<Double> deciles(int column, int[] selected) {
        double[] sorted = Arrays.stream(column(column, selected)).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return null;
        }
        List<Double> deciles = new ArrayList<>(9);
        for (int q = 1; q <= 9; q++) {
            deciles.add(sorted[(int) Math.ceil(q / 10.0 * n) - 1]);
        }
        return List.copyOf(deciles);
    }

    /** The column's share of the selected rows in each bin its deciles cut ({@link ReferenceBins}); null without deciles. */
    List<Double> decileShares(int column, int[] selected, List<Double> deciles) {
        return deciles == null
                ? null
                : ReferenceBins.shares(deciles.stream().mapToDouble(Double::doubleValue).toArray(), column(column, selected));
    }

    private double[] column(int column, int[] selected) {
        double[] values = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            values[i] = features[selected[i] * columns + column];
        }
        return values;
    }
}
