package com.stockvolume.features;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The features of the next-day forecast model, and the only copy of them: for day {@code d}, computed
 * from the symbol's bars dated <em>strictly before</em> {@code d} only, so a forecast can be made
 * before the day's session opens. The window is every bar dated in {@code [d - 30 days, d - 1 day]};
 * {@code b1} is the last bar before {@code d} and {@code b2} the one before it. Every value is finite
 * and >= 0 (ratios fall back to 1 where their denominator is 0 or missing), so one input rule serves
 * both models.
 */
public final class ForecastFeatures {

    /** Calendar days in a window, all before the forecast day. */
    public static final int WINDOW_DAYS = 30;
    /** The most calendar days a forecast may lie after the last bar. */
    public static final int MAX_DAYS_AHEAD = 7;

    public static final String VOL_MEAN_30D = "vol_mean_30d";
    public static final String VOL_LAG1_RATIO = "vol_lag1_ratio";
    public static final String VOL_LAG2_RATIO = "vol_lag2_ratio";
    public static final String VOL_MEAN_5_RATIO = "vol_mean_5_ratio";
    public static final String ADJ_CLOSE_MED_30D = "adj_close_med_30d";
    public static final String PRICE_CHANGE_1 = "price_change_1";
    public static final String WEEKDAY = "weekday";
    public static final String DAYS_SINCE_LAST_BAR = "days_since_last_bar";
    public static final String WINDOW_ROWS = "window_rows";

    /** Model input names and their definitions, in the order of the model's input columns. */
    public static final Map<String, String> DEFINITIONS = definitions();
    public static final List<String> FEATURE_NAMES = List.copyOf(DEFINITIONS.keySet());
    public static final int COLUMNS = FEATURE_NAMES.size();

    private ForecastFeatures() {
    }

    private static Map<String, String> definitions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(VOL_MEAN_30D, "mean of Volume over the symbol's bars dated in [d - 30 days, d - 1 day] (the window)");
        d.put(VOL_LAG1_RATIO, "Volume of b1 (the last bar before d) / vol_mean_30d; 1 if vol_mean_30d is 0");
        d.put(VOL_LAG2_RATIO, "Volume of b2 (the bar before b1) / vol_mean_30d, if b2 is in the window; else vol_lag1_ratio");
        d.put(VOL_MEAN_5_RATIO,
                "mean Volume of the window's last 5 bars (all, if fewer) / vol_mean_30d; 1 if vol_mean_30d is 0");
        d.put(ADJ_CLOSE_MED_30D, "interpolated median (QUANTILE_CONT 0.5) of Adj Close over the window");
        d.put(PRICE_CHANGE_1, "Adj Close of b1 / Adj Close of b2, if b2 is in the window and its Adj Close > 0; else 1");
        d.put(WEEKDAY, "day of the week of d, 1 (Monday) to 7 (Sunday)");
        d.put(DAYS_SINCE_LAST_BAR, "calendar days from b1 to d, 1 to 30");
        d.put(WINDOW_ROWS, "bars in the window");
        return d;
    }

    /** How many bars the window of a row of {@code features} held. */
    public static int windowBars(double[] features) {
        return (int) features[COLUMNS - 1];
    }

    /** A forecast row: the day, the features (in {@link #FEATURE_NAMES} order), and the day's own bar if known. */
    public record Row(LocalDate date, double[] features, Bar bar) {
    }

    /**
     * The features of every bar's day, for training: each from the bars strictly before it. A bar
     * with no bar in the 30 days before it has no row.
     *
     * @param bars one symbol's bars, in any order
     */
    public static List<Row> forEveryBar(List<Bar> bars) {
        Bar[] sorted = sorted(bars);
        List<Row> rows = new ArrayList<>(sorted.length);
        int end = 0;
        for (Bar bar : sorted) {
            while (end < sorted.length && sorted[end].date().isBefore(bar.date())) {
                end++;
            }
            double[] features = features(sorted, end, bar.date());
            if (features != null) {
                rows.add(new Row(bar.date(), features, bar));
            }
        }
        return rows;
    }

    /**
     * The features of {@code day} from the bars dated before it; bars on or after {@code day} are not
     * read (a backtest may send a whole history).
     *
     * @param sorted one symbol's bars, sorted by date
     * @return the features, or null when no bar lies in the 30 days before {@code day}
     */
    public static double[] at(List<Bar> sorted, LocalDate day) {
        return at(sorted.toArray(new Bar[0]), day);
    }

    /** The same on an array, for a caller that asks for many days of one history (no copy per day). */
    public static double[] at(Bar[] bars, LocalDate day) {
        int end = 0;
        int hi = bars.length;
        while (end < hi) { // the first bar dated on or after day
            int mid = (end + hi) >>> 1;
            if (bars[mid].date().isBefore(day)) {
                end = mid + 1;
            } else {
                hi = mid;
            }
        }
        return features(bars, end, day);
    }

    /** The features of {@code day} from {@code sorted[0..end)}, the bars dated before it. */
    private static double[] features(Bar[] sorted, int end, LocalDate day) {
        LocalDate first = day.minusDays(WINDOW_DAYS);
        int start = end;
        while (start > 0 && !sorted[start - 1].date().isBefore(first)) {
            start--;
        }
        int count = end - start;
        if (count == 0) {
            return null;
        }
        double volumeSum = 0;
        double[] prices = new double[count];
        for (int i = start; i < end; i++) {
            volumeSum += sorted[i].volume();
            prices[i - start] = sorted[i].adjClose();
        }
        double mean = volumeSum / count;
        Bar b1 = sorted[end - 1];
        Bar b2 = count >= 2 ? sorted[end - 2] : null;
        int shortCount = Math.min(5, count);
        double shortSum = 0;
        for (int i = end - shortCount; i < end; i++) {
            shortSum += sorted[i].volume();
        }
        double lag1 = ratio(b1.volume(), mean);
        double[] f = new double[COLUMNS];
        f[0] = mean;
        f[1] = lag1;
        f[2] = b2 == null ? lag1 : ratio(b2.volume(), mean);
        f[3] = ratio(shortSum / shortCount, mean);
        f[4] = WindowFeatures.interpolatedMedian(prices, count);
        f[5] = b2 != null && b2.adjClose() > 0 ? b1.adjClose() / b2.adjClose() : 1.0;
        f[6] = day.getDayOfWeek().getValue();
        f[7] = ChronoUnit.DAYS.between(b1.date(), day);
        f[8] = count;
        return f;
    }

    private static double ratio(double value, double mean) {
        return mean > 0 ? value / mean : 1.0;
    }

    private static Bar[] sorted(List<Bar> bars) {
        Bar[] sorted = bars.toArray(new Bar[0]);
        Arrays.sort(sorted, Comparator.comparing(Bar::date));
        return sorted;
    }
}
