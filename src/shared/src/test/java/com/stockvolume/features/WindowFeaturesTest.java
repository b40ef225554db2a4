package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The feature definition, against values worked out by hand. Compiled and run by both the service
 * build and the trainer build, since both use this one definition.
 */
class WindowFeaturesTest {

    private static final LocalDate MONDAY = LocalDate.of(2021, 1, 4);

    private static Bar bar(LocalDate date, double volume, double adjClose) {
        return new Bar(date, volume, adjClose);
    }

    private static FeatureRow rowOn(List<FeatureRow> rows, LocalDate date) {
        return rows.stream().filter(r -> r.date().equals(date)).findFirst().orElseThrow();
    }

    @Test
    void aSymbolsFirstBarIsItsOwnWindow() {
        List<FeatureRow> rows = WindowFeatures.compute(List.of(bar(MONDAY, 1000, 12.5)));
        assertEquals(1, rows.size());
        assertEquals(1000.0, rows.get(0).volMovingAvg());
        assertEquals(12.5, rows.get(0).adjCloseRollingMed());
        assertEquals(1, rows.get(0).windowRows());
    }

    @Test
    void aBarExactly29DaysBackIsInsideTheWindow() {
        List<FeatureRow> rows = WindowFeatures.compute(List.of(
                bar(MONDAY, 100, 1.0), bar(MONDAY.plusDays(29), 300, 3.0)));
        FeatureRow last = rowOn(rows, MONDAY.plusDays(29));
        assertEquals(2, last.windowRows());
        assertEquals(200.0, last.volMovingAvg());
        assertEquals(2.0, last.adjCloseRollingMed());
    }

    @Test
    void aBarExactly30DaysBackIsOutsideTheWindow() {
        List<FeatureRow> rows = WindowFeatures.compute(List.of(
                bar(MONDAY, 100, 1.0), bar(MONDAY.plusDays(30), 300, 3.0)));
        FeatureRow last = rowOn(rows, MONDAY.plusDays(30));
        assertEquals(1, last.windowRows());
        assertEquals(300.0, last.volMovingAvg());
        assertEquals(3.0, last.adjCloseRollingMed());
    }

    @Test
    void theWindowCountsCalendarDaysAcrossWeekendsAndMissingWeeks() {
        // Fri 2021-01-08, Mon 01-11, then nothing until Tue 02-02 (a three-week gap), Wed 02-10.
        List<Bar> bars = List.of(
                bar(LocalDate.of(2021, 1, 8), 10, 1.0),
                bar(LocalDate.of(2021, 1, 11), 20, 2.0),
                bar(LocalDate.of(2021, 2, 2), 30, 4.0),
                bar(LocalDate.of(2021, 2, 10), 60, 8.0));
        List<FeatureRow> rows = WindowFeatures.compute(bars);
        // 02-02 reaches back to 01-04: all of 01-08, 01-11, 02-02.
        FeatureRow feb2 = rowOn(rows, LocalDate.of(2021, 2, 2));
        assertEquals(3, feb2.windowRows());
        assertEquals(20.0, feb2.volMovingAvg());
        assertEquals(2.0, feb2.adjCloseRollingMed());
        // 02-10 reaches back to 01-12: the January bars have left.
        FeatureRow feb10 = rowOn(rows, LocalDate.of(2021, 2, 10));
        assertEquals(2, feb10.windowRows());
        assertEquals(45.0, feb10.volMovingAvg());
        assertEquals(6.0, feb10.adjCloseRollingMed());
    }

    @Test
    void anOddWindowTakesTheMiddleValueAndAnEvenOneInterpolates() {
        List<Bar> bars = List.of(
                bar(MONDAY, 1, 5.0),
                bar(MONDAY.plusDays(1), 1, 1.0),
                bar(MONDAY.plusDays(2), 1, 3.0),
                bar(MONDAY.plusDays(3), 1, 10.0));
        List<FeatureRow> rows = WindowFeatures.compute(bars);
        assertEquals(3.0, rowOn(rows, MONDAY.plusDays(2)).adjCloseRollingMed()); // {1, 3, 5}
        assertEquals(4.0, rowOn(rows, MONDAY.plusDays(3)).adjCloseRollingMed()); // {1, 3, 5, 10}
    }

    @Test
    void theEvenMedianFollowsDuckDbsInterpolationToTheLastBit() {
        // lo + (hi - lo) * 0.5 = 117.81627499999999, while (lo + hi) / 2 = 117.816275
        List<FeatureRow> rows = WindowFeatures.compute(List.of(
                bar(MONDAY, 1, 46.523682), bar(MONDAY.plusDays(1), 1, 189.108868)));
        assertEquals(117.81627499999999, rows.get(1).adjCloseRollingMed());
    }

    @Test
    void theMeanCoversEveryBarInTheWindow() {
        List<Bar> bars = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            bars.add(bar(MONDAY.plusDays(d), d * 100.0, d));
        }
        FeatureRow day39 = rowOn(WindowFeatures.compute(bars), MONDAY.plusDays(39));
        // days 10..39: mean volume 2450, median of 10..39 is 24.5
        assertEquals(30, day39.windowRows());
        assertEquals(2450.0, day39.volMovingAvg());
        assertEquals(24.5, day39.adjCloseRollingMed());
    }

    @Test
    void barsInAnyOrderGiveTheSameRowsInDateOrder() {
        List<Bar> bars = new ArrayList<>();
        Random random = new Random(7);
        for (int d = 0; d < 120; d += 1 + random.nextInt(3)) {
            bars.add(bar(MONDAY.plusDays(d), 1 + random.nextInt(1_000_000), 10 + random.nextDouble()));
        }
        List<FeatureRow> inOrder = WindowFeatures.compute(bars);
        List<Bar> shuffled = new ArrayList<>(bars);
        Collections.shuffle(shuffled, new Random(11));
        assertEquals(inOrder, WindowFeatures.compute(shuffled));
        for (int i = 1; i < inOrder.size(); i++) {
            assertEquals(true, inOrder.get(i - 1).date().isBefore(inOrder.get(i).date()));
        }
    }

    @Test
    void barsOnTheSameDateArePeersAndSeeEachOther() {
        List<FeatureRow> rows = WindowFeatures.compute(List.of(
                bar(MONDAY, 100, 1.0), bar(MONDAY.plusDays(1), 200, 2.0), bar(MONDAY.plusDays(1), 600, 6.0)));
        FeatureRow a = rows.get(1);
        FeatureRow b = rows.get(2);
        assertEquals(3, a.windowRows());
        assertEquals(300.0, a.volMovingAvg());
        assertEquals(2.0, a.adjCloseRollingMed());
        assertEquals(a.volMovingAvg(), b.volMovingAvg());
        assertEquals(a.adjCloseRollingMed(), b.adjCloseRollingMed());
    }

    @Test
    void noBarsGiveNoRows() {
        assertEquals(List.of(), WindowFeatures.compute(List.of()));
    }
}
