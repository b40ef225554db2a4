package com.stockvolume.trainer;

import com.stockvolume.features.FeatureRow;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;

/**
 * Every feature row of the dataset in columns: the training matrix. 1.5M rows take ~36 MB here,
 * where objects would take several times that.
 */
final class FeatureTable {

    static final int COLUMNS = 2;

    private double[] features = new double[COLUMNS * 1 << 16];
    private double[] volume = new double[1 << 16];
    private String[] symbol = new String[1 << 16];
    private int[] day = new int[1 << 16];
    private int rows;
    private LocalDate first;
    private LocalDate last;

    void add(String symbolName, FeatureRow row) {
        if (rows == volume.length) {
            volume = Arrays.copyOf(volume, rows * 2);
            symbol = Arrays.copyOf(symbol, rows * 2);
            day = Arrays.copyOf(day, rows * 2);
            features = Arrays.copyOf(features, rows * 2 * COLUMNS);
        }
        features[rows * COLUMNS] = row.volMovingAvg();
        features[rows * COLUMNS + 1] = row.adjCloseRollingMed();
        volume[rows] = row.volume();
        symbol[rows] = symbolName; // interned by the caller: one String per symbol
        day[rows] = (int) row.date().toEpochDay();
        rows++;
        if (first == null || row.date().isBefore(first)) {
            first = row.date();
        }
        if (last == null || row.date().isAfter(last)) {
            last = row.date();
        }
    }

    int rows() {
        return rows;
    }

    LocalDate first() {
        return first;
    }

    LocalDate last() {
        return last;
    }

    /** A seeded shuffle of the row indices: the first {@code testRows} are the test split. */
    int[] shuffledRows(long seed) {
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Row-major features of the rows {@code order[from..to)}. */
    double[] features(int[] order, int from, int to) {
        double[] out = new double[(to - from) * COLUMNS];
        for (int i = from; i < to; i++) {
            System.arraycopy(features, order[i] * COLUMNS, out, (i - from) * COLUMNS, COLUMNS);
        }
        return out;
    }

    double[] volume(int[] order, int from, int to) {
        double[] out = new double[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = volume[order[i]];
        }
        return out;
    }

    /** symbol, date, volume, features and prediction of the rows {@code order[0..count)}. */
    void writePredictions(Path file, int[] order, int count, double[] predicted) throws IOException {
        try (Writer out = Files.newBufferedWriter(file)) {
            out.write("symbol,date,volume,vol_moving_avg,adj_close_rolling_med,prediction\n");
            for (int i = 0; i < count; i++) {
                int r = order[i];
                out.write(symbol[r] + "," + LocalDate.ofEpochDay(day[r]) + "," + volume[r] + ","
                        + features[r * COLUMNS] + "," + features[r * COLUMNS + 1] + "," + predicted[i] + "\n");
            }
        }
    }

    /** {min, max} of a feature column over the rows {@code order[from..to)}. */
    double[] range(int column, int[] order, int from, int to) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double v = features[order[i] * COLUMNS + column];
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max};
    }
}
