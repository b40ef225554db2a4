package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The model kinds: a card's name or input columns give one kind, and a day's row is the same whether a
 * caller asks for that day alone (from-bars) or for every bar (the trainer).
 */
class ModelKindTest {

    /** A year of bars with random gaps of up to 40 days, so windows hold from 1 to ~21 bars. */
    private static List<Bar> gappyYear(long seed) {
        Random random = new Random(seed);
        List<Bar> bars = new ArrayList<>();
        LocalDate day = LocalDate.of(2020, 1, 2);
        for (int i = 0; i < 250; i++) {
            bars.add(new Bar(day, random.nextInt(1_000_000), 10 + random.nextDouble() * 90));
            day = day.plusDays(random.nextInt(10) == 0 ? 1 + random.nextInt(40) : 1);
        }
        return bars;
    }

    @Test
    void eachDaysRowAloneEqualsItsRowAmongEveryBar() {
        for (ModelKind kind : ModelKind.values()) {
            List<Bar> bars = gappyYear(7);
            Bar[] sorted = bars.stream().sorted(Comparator.comparing(Bar::date)).toArray(Bar[]::new);
            List<InputRow> every = kind.everyBar(bars);
            for (InputRow row : every) {
                InputRow alone = kind.at(sorted, row.date());
                assertArrayEquals(row.features(), alone.features(), kind + " " + row.date());
                assertEquals(row.windowBars(), alone.windowBars());
                assertEquals(row.bar(), alone.bar());
                assertEquals(kind.featureNames().size(), row.features().length);
            }
        }
    }

    @Test
    void aSameDayRowNeedsTheDaysBarAndAForecastOnlyBarsBeforeIt() {
        Bar[] bars = {new Bar(LocalDate.of(2021, 1, 4), 100, 10), new Bar(LocalDate.of(2021, 1, 6), 300, 30)};
        assertNull(ModelKind.SAME_DAY.at(bars, LocalDate.of(2021, 1, 5)));
        assertEquals("no bar on 2021-01-05", ModelKind.SAME_DAY.noRow(LocalDate.of(2021, 1, 5), bars[1].date()));
        assertEquals(LocalDate.of(2021, 1, 6), ModelKind.SAME_DAY.defaultDay(bars[1].date()));

        InputRow forecast = ModelKind.FORECAST.at(bars, LocalDate.of(2021, 1, 5));
        assertEquals(100.0, forecast.features()[0]); // vol_mean_30d of the bar before it only
        assertNull(forecast.bar());
        assertEquals(LocalDate.of(2021, 1, 7), ModelKind.FORECAST.defaultDay(bars[1].date()));
        assertNull(ModelKind.FORECAST.at(bars, LocalDate.of(2021, 1, 4)));
        assertNull(ModelKind.FORECAST.at(bars, LocalDate.of(2021, 1, 14)));
        assertEquals("2021-01-14 is more than 7 days after the last bar (2021-01-06)",
                ModelKind.FORECAST.noRow(LocalDate.of(2021, 1, 14), bars[1].date()));
    }

    @Test
    void aKindIsFoundByItsIdOrItsInputColumns() {
        for (ModelKind kind : ModelKind.values()) {
            assertEquals(kind, ModelKind.of(kind.id()));
            assertEquals(Optional.of(kind), ModelKind.withInputs(kind.featureNames()));
            assertEquals(List.copyOf(kind.definitions().keySet()), kind.featureNames());
        }
        assertEquals(List.of(WindowFeatures.VOL_MOVING_AVG, WindowFeatures.ADJ_CLOSE_ROLLING_MED),
                ModelKind.SAME_DAY.featureNames());
        assertEquals(ForecastFeatures.FEATURE_NAMES, ModelKind.FORECAST.featureNames());
        assertEquals(Optional.empty(), ModelKind.withInputs(List.of(WindowFeatures.VOL_MOVING_AVG)));
        assertEquals("'next-week' is not a model kind; the kinds are same-day, forecast",
                assertThrows(IllegalArgumentException.class, () -> ModelKind.of("next-week")).getMessage());
    }
}
