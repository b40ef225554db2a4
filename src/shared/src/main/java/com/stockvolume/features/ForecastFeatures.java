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
 * both models. A version of the model takes some of these columns (its card names them): version 1 the
 * first nine ({@link #FIRST_INPUTS}), version 2 all; a row always holds all, in this order.
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
    public static final String VOL_MEAN_60B_RATIO = "vol_mean_60b_ratio";
    public static final String VOL_MEAN_120B_RATIO = "vol_mean_120b_ratio";
    public static final String VOL_MEAN_250B_RATIO = "vol_mean_250b_ratio";
    public static final String VOL_LAG1_250B_RATIO = "vol_lag1_250b_ratio";
    public static final String ABS_RETURN_1 = "abs_return_1";
    public static final String ABS_RETURN_MEAN_5 = "abs_return_mean_5";
    public static final String ABS_RETURN_MEAN_20 = "abs_return_mean_20";
    public static final String DAYS_TO_MONTH_END = "days_to_month_end";
    public static final String DAY_OF_MONTH = "day_of_month";
    public static final String MONTHLY_EXPIRY = "monthly_expiry";
    public static final String QUARTERLY_EXPIRY = "quarterly_expiry";
    public static final String VOL_ECHO_91D = "vol_echo_91d";
    public static final String VOL_ECHO_182D = "vol_echo_182d";
    public static final String VOL_ECHO_364D = "vol_echo_364d";
    public static final String DAYS_SINCE_SPIKE = "days_since_spike";
    public static final String BEFORE_HOLIDAY = "before_holiday";
    public static final String AFTER_HOLIDAY = "after_holiday";
    public static final String EARLY_CLOSE = "early_close";

    /** How far back {@link #DAYS_SINCE_SPIKE} looks, and its value when it finds no spike. */
    static final int SPIKE_LOOKBACK_DAYS = 400;

    /** Every column this class computes and its definition, in the order of its rows. */
    public static final Map<String, String> DEFINITIONS = definitions();
    public static final List<String> FEATURE_NAMES = List.copyOf(DEFINITIONS.keySet());
    public static final int COLUMNS = FEATURE_NAMES.size();
    /** The inputs of version 1 of the forecast model: the first nine columns. */
    public static final List<String> FIRST_INPUTS = FEATURE_NAMES.subList(0, 9);
    private static final int WINDOW_ROWS_COLUMN = FEATURE_NAMES.indexOf(WINDOW_ROWS);

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
        // added for version 2: longer history, volatility, calendar facts known before the day
        d.put(VOL_MEAN_60B_RATIO,
                "mean Volume of the last 60 bars before d (all, if fewer) / vol_mean_30d; 1 if vol_mean_30d is 0");
        d.put(VOL_MEAN_120B_RATIO, "the same over the last 120 bars");
        d.put(VOL_MEAN_250B_RATIO, "the same over the last 250 bars");
        d.put(VOL_LAG1_250B_RATIO, "Volume of b1 / mean Volume of the last 250 bars before d; 1 if that mean is 0");
        d.put(ABS_RETURN_1,
                "|Adj Close of b1 / Adj Close of the bar before b1 - 1|; 0 without that bar or if its Adj Close is 0");
        d.put(ABS_RETURN_MEAN_5, "mean of that absolute return over the last 5 bars before d (0 if none has one)");
        d.put(ABS_RETURN_MEAN_20, "the same over the last 20 bars");
        d.put(DAYS_TO_MONTH_END, "calendar days from d to the last day of its month, 0 to 30");
        d.put(DAY_OF_MONTH, "day of the month of d, 1 to 31");
        d.put(MONTHLY_EXPIRY, "1 if d is the third Friday of its month (monthly options expire), else 0");
        d.put(QUARTERLY_EXPIRY, "1 if d is the third Friday of March, June, September or December, else 0");
        d.put(VOL_ECHO_91D, "greatest Volume of the bars dated in [c - 5 days, c + 5 days], c = d - 91 days, / mean Volume"
                + " of the bars dated in [c - 30 days, c + 30 days]; 1 if the latter holds fewer than 5 bars or a mean of 0"
                + " (last quarter's earnings)");
        d.put(VOL_ECHO_182D, "the same with c = d - 182 days");
        d.put(VOL_ECHO_364D, "the same with c = d - 364 days");
        d.put(DAYS_SINCE_SPIKE, "calendar days from the last bar before d whose Volume exceeds 2.5 x the mean Volume of"
                + " the last 250 bars before d, looking back at most 400 days; 400 if none");
        d.put(BEFORE_HOLIDAY, "1 if the next weekday after d is an NYSE holiday (MarketHolidays), else 0");
        d.put(AFTER_HOLIDAY, "1 if the weekday before d is an NYSE holiday, else 0");
        d.put(EARLY_CLOSE, "1 if d is an NYSE early-close day (MarketHolidays: the day after Thanksgiving, 24 December,"
                + " 3 July), else 0");
        return d;
    }

    /** How many bars the window of a row of {@code features} held. */
    public static int windowBars(double[] features) {
        return (int) features[WINDOW_ROWS_COLUMN];
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
        return features(bars, firstOnOrAfter(bars, bars.length, day), day);
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
        double mean250 = meanVolume(sorted, end, 250);
        f[9] = ratio(meanVolume(sorted, end, 60), mean);
        f[10] = ratio(meanVolume(sorted, end, 120), mean);
        f[11] = ratio(mean250, mean);
        f[12] = ratio(b1.volume(), mean250);
        f[13] = absReturn(sorted, end - 1);
        f[14] = meanAbsReturn(sorted, end, 5);
        f[15] = meanAbsReturn(sorted, end, 20);
        f[16] = day.lengthOfMonth() - day.getDayOfMonth();
        f[17] = day.getDayOfMonth();
        f[18] = MarketHolidays.isThirdFriday(day) ? 1 : 0;
        f[19] = MarketHolidays.isThirdFriday(day) && day.getMonthValue() % 3 == 0 ? 1 : 0;
        f[20] = echo(sorted, end, day.minusDays(91));
        f[21] = echo(sorted, end, day.minusDays(182));
        f[22] = echo(sorted, end, day.minusDays(364));
        f[23] = daysSinceSpike(sorted, end, day, mean250);
        f[24] = MarketHolidays.isHoliday(MarketHolidays.nextWeekday(day)) ? 1 : 0;
        f[25] = MarketHolidays.isHoliday(MarketHolidays.previousWeekday(day)) ? 1 : 0;
        f[26] = MarketHolidays.isEarlyClose(day) ? 1 : 0;
        return f;
    }

    /** Mean Volume of the last {@code bars} of {@code sorted[0..end)} (all, if fewer; at least one). */
    private static double meanVolume(Bar[] sorted, int end, int bars) {
        int from = Math.max(0, end - bars);
        double sum = 0;
        for (int i = from; i < end; i++) {
            sum += sorted[i].volume();
        }
        return sum / (end - from);
    }

    private static double absReturn(Bar[] sorted, int i) {
        return i >= 1 && sorted[i - 1].adjClose() > 0 ? Math.abs(sorted[i].adjClose() / sorted[i - 1].adjClose() - 1) : 0;
    }

    private static double meanAbsReturn(Bar[] sorted, int end, int bars) {
        double sum = 0;
        int n = 0;
        for (int i = end - 1; i >= 1 && n < bars; i--, n++) {
            sum += absReturn(sorted, i);
        }
        return n == 0 ? 0 : sum / n;
    }

    /** The volume spike around {@code centre} against the level around it, from bars before {@code end} only. */
    private static double echo(Bar[] sorted, int end, LocalDate centre) {
        int wideFrom = firstOnOrAfter(sorted, end, centre.minusDays(30));
        int wideTo = firstOnOrAfter(sorted, end, centre.plusDays(31));
        int nearFrom = firstOnOrAfter(sorted, end, centre.minusDays(5));
        int nearTo = firstOnOrAfter(sorted, end, centre.plusDays(6));
        if (wideTo - wideFrom < 5) {
            return 1.0;
        }
        double sum = 0;
        for (int i = wideFrom; i < wideTo; i++) {
            sum += sorted[i].volume();
        }
        double greatest = 0;
        for (int i = nearFrom; i < nearTo; i++) {
            greatest = Math.max(greatest, sorted[i].volume());
        }
        return ratio(greatest, sum / (wideTo - wideFrom));
    }

    private static double daysSinceSpike(Bar[] sorted, int end, LocalDate day, double mean250) {
        LocalDate limit = day.minusDays(SPIKE_LOOKBACK_DAYS);
        for (int i = end - 1; i >= 0 && !sorted[i].date().isBefore(limit); i--) {
            if (mean250 > 0 && sorted[i].volume() > 2.5 * mean250) {
                return ChronoUnit.DAYS.between(sorted[i].date(), day);
            }
        }
        return SPIKE_LOOKBACK_DAYS;
    }

    /** The index of the first of {@code sorted[0..end)} dated on or after {@code date} ({@code end} if none). */
    private static int firstOnOrAfter(Bar[] sorted, int end, LocalDate date) {
        int lo = 0;
        int hi = end;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid].date().isBefore(date)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
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
