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
    void theNamesAreTheModelsInputColumnsInOrder() {
        assertEquals(List.of("vol_mean_30d", "vol_lag1_ratio", "vol_lag2_ratio", "vol_mean_5_ratio", "adj_close_med_30d",
                "price_change_1", "weekday", "days_since_last_bar", "window_rows"), ForecastFeatures.FEATURE_NAMES);
        assertEquals(9, ForecastFeatures.COLUMNS);
    }

    @Test
    void mondayAfterAWeekOfFourBars() {
        // window [2020-12-12, 2021-01-10]: all four bars; mean 250; b1 = Fri 400, b2 = Wed 300;
        // Adj Close sorted 10, 10, 11, 12: median 10 + (11 - 10) * 0.5; price change 10 / 12
        assertArrayEquals(new double[]{250, 1.6, 1.2, 1.0, 10.5, 10.0 / 12, 1, 3, 4},
                ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-11")));
    }

    @Test
    void theDayAfterTheFirstBarHasAWindowOfOne() {
        // b2 missing: lag2 falls back to lag1, the price change to 1
        assertArrayEquals(new double[]{100, 1, 1, 1, 10, 1, 2, 1, 1},
                ForecastFeatures.at(WEEK, LocalDate.parse("2021-01-05")));
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
        assertArrayEquals(new double[]{0, 1, 1, 1, 2.5, 0, 3, 1, 2}, ForecastFeatures.at(bars, LocalDate.parse("2021-01-06")));
    }

    /** Changing or removing the bar of day d, or any later bar, never changes day d's features. */
    @Test
    void noFeatureOfDayDSeesDayDOrLater() {
        Random random = new Random(7);
        List<Bar> history = new ArrayList<>();
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int i = 0; i < 300; i++) {
            day = day.plusDays(1 + (random.nextInt(5) == 0 ? random.nextInt(6) : 0));
            history.add(new Bar(day, random.nextInt(1_000_000), 1 + 100 * random.nextDouble()));
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
