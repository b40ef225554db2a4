package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forecast features against values computed by hand, and the rule that day d's features never see day d or later. */
class ForecastFeaturesTest {

    private static Bar bar(String date, double volume, double adjClose) {
        return new Bar(LocalDate.parse(date), volume, adjClose);
    }

    /** Mon 4, Tue 5, Wed 6, Fri 8 January 2021. */
    private static final List<Bar> WEEK = List.of(
            bar("2021-01-04", 100, 10), bar("2021-01-05", 200, 11), bar("2021-01-06", 300, 12), bar("2021-01-08", 400, 10));

    @Test
    void theColumnsAreVersionOnesNineThenVersionTwosEighteenInOrder() {
        List<String> first = List.of("vol_mean_30d", "vol_lag1_ratio", "vol_lag2_ratio", "vol_mean_5_ratio",
                "adj_close_med_30d", "price_change_1", "weekday", "days_since_last_bar", "window_rows");
        assertEquals(first, ForecastFeatures.FIRST_INPUTS);
        assertEquals(first, ForecastFeatures.FEATURE_NAMES.subList(0, 9));
        assertEquals(List.of("vol_mean_60b_ratio", "vol_mean_120b_ratio", "vol_mean_250b_ratio", "vol_lag1_250b_ratio",
                "abs_return_1", "abs_return_mean_5", "abs_return_mean_20", "days_to_month_end", "day_of_month",
                "monthly_expiry", "quarterly_expiry", "vol_echo_91d", "vol_echo_182d", "vol_echo_364d", "days_since_spike",
                "before_holiday", "after_holiday", "early_close"), ForecastFeatures.FEATURE_NAMES.subList(9, 27));
        assertEquals(27, ForecastFeatures.COLUMNS);
    }

    @Test
    void mondayAfterAWeekOfFourBars() {
        // window [2020-12-12, 2021-01-10]: all four bars; mean 250; b1 = Fri 400, b2 = Wed 300;
        // Adj Close sorted 10, 10, 11, 12: median 10 + (11 - 10) * 0.5; price change 10 / 12
        // longer means: the same four bars (ratio 1); lag1 over the 250-bar mean 400 / 250;
        // |returns| of Tue..Fri: 0.1, 1/11, 1/6 (12 -> 10); the means take the bars that have a previous bar (3)
        // 11 January 2021: 20 days to the month's end; no expiry; no history a quarter back: echoes 1; no spike
        // (400 < 2.5 x 250); Tue 12 and Fri 8 January were no holidays
        double r1 = 10.0 / 12 - 1;
        assertArrayEquals(new double[]{250, 1.6, 1.2, 1.0, 10.5, 10.0 / 12, 1, 3, 4,
                1, 1, 1, 1.6, -r1, (0.1 + 1.0 / 11 + -r1) / 3, (0.1 + 1.0 / 11 + -r1) / 3, 20, 11, 0, 0, 1, 1, 1, 400, 0, 0, 0},
                ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-11")), 1e-12);
    }

    @Test
    void theDayAfterTheFirstBarHasAWindowOfOne() {
        // b2 missing: lag2 falls back to lag1, the price change to 1, the absolute returns to 0
        assertArrayEquals(new double[]{100, 1, 1, 1, 10, 1, 2, 1, 1, 1, 1, 1, 1, 0, 0, 0, 26, 5, 0, 0, 1, 1, 1, 400, 0, 0, 0},
                ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-05")));
    }

    @Test
    void aSpikeAQuarterAgoEchoesAndIsCountedInDays() {
        // a bar a day with volume 100, and 1,000 on 1 March 2021; asked for 31 May 2021 (91 days later)
        List<Bar> bars = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2021, 1, 1); d.isBefore(LocalDate.of(2021, 5, 31)); d = d.plusDays(1)) {
            bars.add(new Bar(d, d.equals(LocalDate.of(2021, 3, 1)) ? 1000 : 100, 10));
        }
        double[] f = ForecastFeatures.at(bars, LocalDate.of(2021, 5, 31));
        // around 1 March, [30 January, 31 March]: 61 bars, one of 1,000: mean 100 + 900 / 61; greatest 1,000
        assertEquals(1000 / (100 + 900.0 / 61), f[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.VOL_ECHO_91D)],
                1e-12);
        // the 250-bar mean (all 150 bars) is 106: 1,000 > 2.5 x 106, 91 days ago
        assertEquals(91, f[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.DAYS_SINCE_SPIKE)]);
        // 31 May 2021 was Memorial Day: the weekday before it was no holiday, the one after neither
        assertEquals(0, f[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.AFTER_HOLIDAY)]);
        double[] friday = ForecastFeatures.at(bars, LocalDate.of(2021, 5, 28));
        assertEquals(1, friday[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.BEFORE_HOLIDAY)]);
        double[] tuesday = ForecastFeatures.at(bars, LocalDate.of(2021, 6, 1));
        assertEquals(1, tuesday[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.AFTER_HOLIDAY)]);
    }

    @Test
    void thirdFridaysAreExpiriesAndQuarterlyOnesInTheLastMonthOfAQuarter() {
        double[] january = ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-15"));
        assertEquals(1, january[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.MONTHLY_EXPIRY)]);
        assertEquals(0, january[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.QUARTERLY_EXPIRY)]);
        List<Bar> march = List.of(bar("2021-03-15", 1, 1));
        double[] witching = ForecastFeatures.at(march, LocalDate.parse("2021-03-19"));
        assertEquals(1, witching[ForecastFeatures.FEATURE_NAMES.indexOf(ForecastFeatures.QUARTERLY_EXPIRY)]);
    }

    @Test
    void aDayWithNoBarInTheThirtyDaysBeforeHasNoFeatures() {
        assertNull(ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-04")));
        assertNull(ForecastFeatures.at(WEEK, LocalDate.parse("2021-02-08"))); // 31 days after the last bar
        assertEquals(List.of("2021-01-05", "2021-01-06", "2021-01-08"),
                ForecastFeatures.forEveryBar(WEEK).stream().map(r -> r.date().toString()).toList());
    }

    @Test
    void theWindowIsThirtyCalendarDaysEndingTheDayBefore() {
        // 2021-02-03 - 30 days = 2021-01-04: the first bar is in; a day later it is out
        assertEquals(4, ForecastFeatures.at(WEEK, LocalDate.parse("2021-02-03"))[8]);
        double[] later = ForecastFeatures.at(WEEK, LocalDate.parse("2021-02-04"));
        assertEquals(3, later[8]);
        assertEquals(300, later[0]);
        assertEquals(27, later[7]); // Fri 8 January to Thu 4 February
        assertEquals(4, later[6]);
    }

    @Test
    void theShortMeanTakesTheLastFiveBars() {
        List<Bar> bars = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            bars.add(new Bar(LocalDate.of(2021, 3, i), i, 1));
        }
        // mean of 1..7 = 4; of the last five, 3..7 = 5
        assertEquals(1.25, ForecastFeatures.at(bars, LocalDate.of(2021, 3, 8))[3]);
    }

    @Test
    void aWindowOfZeroVolumesGivesRatiosOfOne() {
        List<Bar> bars = List.of(bar("2021-01-04", 0, 5), bar("2021-01-05", 0, 0));
        // mean 0: every volume ratio 1; b2's Adj Close is 5, b1's 0: change 0
        // the 250-bar means are 0 too (ratios 1); |return| 1 (5 -> 0); 6 January 2021 is no holiday
        assertArrayEquals(new double[]{0, 1, 1, 1, 2.5, 0, 3, 1, 2, 1, 1, 1, 1, 1, 1, 1, 25, 6, 0, 0, 1, 1, 1, 400, 0, 0,
                0}, ForecastFeatures.at(bars, LocalDate.parse("2021-01-06")));
    }

    /** Changing or removing the bar of day d, or any later bar, never changes day d's features. */
    @Test
    void noFeatureOfDayDSeesDayDOrLater() {
        Random random = new Random(7);
        List<Bar> history = new ArrayList<>();
        LocalDate day = LocalDate.of(2019, 1, 1);
        for (int i = 0; i < 600; i++) { // two years and more: every echo and the 250-bar means have history
            day = day.plusDays(1 + (random.nextInt(5) == 0 ? random.nextInt(6) : 0));
            int spike = random.nextInt(40) == 0 ? 5 : 1; // volume spikes, so days_since_spike varies
            history.add(new Bar(day, spike * random.nextInt(1_000_000), 1 + 100 * random.nextDouble()));
        }
        for (ForecastFeatures.Row row : ForecastFeatures.forEveryBar(history)) {
            LocalDate d = row.date();
            List<Bar> changed = new ArrayList<>();
            for (Bar bar : history) {
                changed.add(
                        bar.date().isBefore(d) ? bar : new Bar(bar.date(), random.nextInt(1_000_000), 1 + random.nextDouble()));
            }
            List<Bar> cut = history.stream().filter(b -> b.date().isBefore(d)).toList();
            double[] expected = row.features();
            assertNotNull(expected);
            assertArrayEquals(expected, ForecastFeatures.at(changed, d), "day " + d + " with later bars changed");
            assertArrayEquals(expected, ForecastFeatures.at(cut, d), "day " + d + " with later bars removed");
            assertArrayEquals(expected, ForecastFeatures.at(history, d), "training and serving agree on " + d);
        }
    }
}
