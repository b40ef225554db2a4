package com.stockvolume.trainer;

import com.stockvolume.trainer.dataset.SymbolFile;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every row of the dataset in columns: the model's input features (the training matrix), the day's
 * Volume, and context columns that only the evaluation reads (e.g. the same-day features the original
 * model takes). 1.5M rows of 2 features take ~45 MB here, where objects would take several times that.
 * Rows are addressed by index; a split or a slice is an {@code int[]} of indices.
 */
final class FeatureTable {

    private final int columns;
    private final int contextColumns;
    private final List<SymbolFile> symbols = new ArrayList<>();
    private double[] features;
    private double[] context;
    private double[] volume = new double[1 << 16];
    private int[] symbolOf = new int[1 << 16];
    private int[] day = new int[1 << 16];
    private int rows;

    FeatureTable(int columns, int contextColumns) {
        this.columns = columns;
        this.contextColumns = contextColumns;
        this.features = new double[columns << 16];
        this.context = new double[contextColumns << 16];
    }

    int columns() {
        return columns;
    }

    /** Rows arrive one symbol at a time. */
    void add(SymbolFile symbol, LocalDate date, double dayVolume, double[] rowFeatures, double[] rowContext) {
        if (symbols.isEmpty() || symbols.get(symbols.size() - 1) != symbol) {
            symbols.add(symbol);
        }
        if (rows == volume.length) {
            volume = Arrays.copyOf(volume, rows * 2);
            symbolOf = Arrays.copyOf(symbolOf, rows * 2);
            day = Arrays.copyOf(day, rows * 2);
            features = Arrays.copyOf(features, rows * 2 * columns);
            context = Arrays.copyOf(context, rows * 2 * contextColumns);
        }
        System.arraycopy(rowFeatures, 0, features, rows * columns, columns);
        System.arraycopy(rowContext, 0, context, rows * contextColumns, contextColumns);
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

    double context(int r, int column) {
        return context[r * contextColumns + column];
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

    /** Row-major context columns {@code [from, from + count)} of {@code selected}. */
    double[] context(int[] selected, int from, int count) {
        double[] out = new double[selected.length * count];
        for (int i = 0; i < selected.length; i++) {
            System.arraycopy(context, selected[i] * contextColumns + from, out, i * count, count);
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
}
