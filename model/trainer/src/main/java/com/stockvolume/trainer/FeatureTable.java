package com.stockvolume.trainer;

import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.WindowFeatures;
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
 * Every feature row of the dataset in columns: the training matrix. 1.5M rows take ~45 MB here,
 * where objects would take several times that. Rows are addressed by index; a split or a slice is
 * an {@code int[]} of indices.
 */
final class FeatureTable {

    static final int COLUMNS = WindowFeatures.COLUMNS;

    private final List<SymbolFile> symbols = new ArrayList<>();
    private double[] features = new double[COLUMNS * 1 << 16];
    private double[] volume = new double[1 << 16];
    private int[] symbolOf = new int[1 << 16];
    private int[] day = new int[1 << 16];
    private int rows;

    /** Rows arrive one symbol at a time, as {@link DatasetFeatures} streams them. */
    void add(SymbolFile symbol, FeatureRow row) {
        if (symbols.isEmpty() || symbols.get(symbols.size() - 1) != symbol) {
            symbols.add(symbol);
        }
        if (rows == volume.length) {
            volume = Arrays.copyOf(volume, rows * 2);
            symbolOf = Arrays.copyOf(symbolOf, rows * 2);
            day = Arrays.copyOf(day, rows * 2);
            features = Arrays.copyOf(features, rows * 2 * COLUMNS);
        }
        features[rows * COLUMNS] = row.volMovingAvg();
        features[rows * COLUMNS + 1] = row.adjCloseRollingMed();
        volume[rows] = row.volume();
        symbolOf[rows] = symbols.size() - 1;
        day[rows] = (int) row.date().toEpochDay();
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

    double volMovingAvg(int r) {
        return features[r * COLUMNS];
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
        double[] out = new double[selected.length * COLUMNS];
        for (int i = 0; i < selected.length; i++) {
            System.arraycopy(features, selected[i] * COLUMNS, out, i * COLUMNS, COLUMNS);
        }
        return out;
    }

    double[] volume(int[] selected) {
        double[] out = new double[selected.length];
        for (int i = 0; i < selected.length; i++) {
            out[i] = volume[selected[i]];
        }
        return out;
    }

    /** symbol, date, volume, features and prediction of {@code selected}. */
    void writePredictions(Path file, int[] selected, double[] predicted) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("symbol,date,volume,vol_moving_avg,adj_close_rolling_med,prediction\n");
            for (int i = 0; i < selected.length; i++) {
                int r = selected[i];
                out.write(symbols.get(symbolOf[r]).symbol() + "," + LocalDate.ofEpochDay(day[r]) + "," + volume[r]
                        + "," + features[r * COLUMNS] + "," + features[r * COLUMNS + 1] + "," + predicted[i] + "\n");
            }
        }
    }

    /** {min, max} of a feature column over {@code selected}. */
    double[] range(int column, int[] selected) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int r : selected) {
            double v = features[r * COLUMNS + column];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max};
    }
}
