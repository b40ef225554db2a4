package com.stockvolume.features;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feature definition the model was trained on, and the only copy of it: the trainer compiles
 * this package into its jar and the service uses it for predictions from raw bars.
 *
 * <p>For each bar on day {@code d}, the window is every bar of the same symbol dated in
 * {@code [d - 29 days, d]} (a calendar-day range, not a row count), which is the original SQL
 *
 * <pre>
 * AVG(Volume)                        OVER w AS vol_moving_avg,
 * QUANTILE_CONT("Adj Close", 0.5)    OVER w AS adj_close_rolling_med
 * WINDOW w AS (PARTITION BY Symbol ORDER BY date
 *              RANGE BETWEEN INTERVAL '29 days' PRECEDING AND CURRENT ROW)
 * </pre>
 *
 * <p>Callers drop bars with a missing Volume or Adj Close before calling, as the SQL did. Bars that
 * share a date are peers under RANGE framing: each sees the others, so they get the same values.
 */
public final class WindowFeatures {

    /** Calendar days in a window, the current day included. */
    public static final int WINDOW_DAYS = 30;

    /** Model input names, in the order of the model's input columns. */
    public static final String VOL_MOVING_AVG = "vol_moving_avg";
    public static final String ADJ_CLOSE_ROLLING_MED = "adj_close_rolling_med";
    public static final List<String> FEATURE_NAMES = List.of(VOL_MOVING_AVG, ADJ_CLOSE_ROLLING_MED);
    /** Columns of one model input row: the features above, in this order. */
    public static final int COLUMNS = FEATURE_NAMES.size();

    /** Model input names and their one-line definitions, as the model card states them, in column order. */
    public static final Map<String, String> DEFINITIONS = definitions();

    private WindowFeatures() {
    }

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(VOL_MOVING_AVG, "mean of Volume over the symbol's bars dated in [d - 29 days, d]");
        d.put(ADJ_CLOSE_ROLLING_MED,
                "interpolated median (QUANTILE_CONT 0.5) of Adj Close over the symbol's bars dated in [d - 29 days, d]");
        return Collections.unmodifiableMap(d);
    }

    /**
     * The features of the bar on {@code day} alone, as {@link #compute} gives them.
     *
     * @param sorted one symbol's bars, sorted by date
     * @return the row, or null when no bar is dated {@code day}
     */
    public static FeatureRow at(Bar[] sorted, LocalDate day) {
        int end = firstAfter(sorted, day);
        if (end == 0 || !sorted[end - 1].date().equals(day)) {
            return null;
        }
        LocalDate first = day.minusDays(WINDOW_DAYS - 1);
        int start = end;
        while (start > 0 && !sorted[start - 1].date().isBefore(first)) {
            start--;
        }
        int count = end - start;
        double volumeSum = 0;
        double[] prices = new double[count];
        for (int i = start; i < end; i++) {
            volumeSum += sorted[i].volume();
            prices[i - start] = sorted[i].adjClose();
        }
        Bar bar = sorted[end - 1];
        return new FeatureRow(day, bar.volume(), bar.adjClose(), volumeSum / count, interpolatedMedian(prices, count), count);
    }

    /** The index of the first bar dated after {@code day}. */
    private static int firstAfter(Bar[] sorted, LocalDate day) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].date().isAfter(day)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * Computes the features of every bar.
     *
     * @param bars one symbol's bars, in any order
     * @return one row per bar, ordered by date (bars of equal date keep their input order)
     */
    public static List<FeatureRow> compute(List<Bar> bars) {
        Bar[] sorted = bars.toArray(new Bar[0]);
        Arrays.sort(sorted, Comparator.comparing(Bar::date));
        int n = sorted.length;
        long[] day = new long[n];
        for (int i = 0; i < n; i++) {
            day[i] = sorted[i].date().toEpochDay();
        }
        List<FeatureRow> rows = new ArrayList<>(n);
        double[] scratch = new double[16];
        int lo = 0;
        int groupStart = 0;
        while (groupStart < n) {
            int groupEnd = groupStart + 1;
            while (groupEnd < n && day[groupEnd] == day[groupStart]) {
                groupEnd++;
            }
            long first = day[groupStart] - (WINDOW_DAYS - 1);
            while (day[lo] < first) {
                lo++;
            }
            int count = groupEnd - lo;
            if (scratch.length < count) {
                scratch = new double[Math.max(count, scratch.length * 2)];
            }
            double volumeSum = 0;
            for (int j = lo; j < groupEnd; j++) {
                volumeSum += sorted[j].volume();
                scratch[j - lo] = sorted[j].adjClose();
            }
            double mean = volumeSum / count;
            double median = interpolatedMedian(scratch, count);
            for (int i = groupStart; i < groupEnd; i++) {
                Bar bar = sorted[i];
                rows.add(new FeatureRow(bar.date(), bar.volume(), bar.adjClose(), mean, median, count));
            }
            groupStart = groupEnd;
        }
        return rows;
    }

    /**
     * QUANTILE_CONT(x, 0.5) of the first {@code count} values; sorts them in place.
     *
     * <p>DuckDB interpolates as {@code lo + (hi - lo) * 0.5}, which can differ from
     * {@code (lo + hi) / 2} in the last bit; we follow DuckDB so the features match the SQL exactly.
     */
    static double interpolatedMedian(double[] values, int count) {
        if (count <= 0) {
            throw new IllegalArgumentException("median of an empty window");
        }
        Arrays.sort(values, 0, count);
        double position = (count - 1) * 0.5;
        int below = (int) Math.floor(position);
        int above = (int) Math.ceil(position);
        double lower = values[below];
        if (below == above) {
            return lower;
        }
        return lower + (values[above] - lower) * (position - below);
    }
}
