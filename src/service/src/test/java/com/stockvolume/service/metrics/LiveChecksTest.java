package com.stockvolume.service.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.stockvolume.features.Bar;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which answers of a from-bars request its own bars check against an actual volume. */
class LiveChecksTest {

    private static final LocalDate DAY = LocalDate.parse("2021-01-04");

    /** Ten daily bars from DAY, volume 1000 + 100 i. */
    private static final Bar[] BARS = IntStream.range(0, 10)
            .mapToObj(i -> new Bar(DAY.plusDays(i), 1000 + 100 * i, 10 + i)).toArray(Bar[]::new);

    @Test
    void aSameDayModelChecksEveryAnsweredDateAgainstItsOwnBar() {
        List<InputRow> asked = ModelKind.SAME_DAY.everyBar(List.of(BARS));
        LiveChecks.Plan plan = LiveChecks.plan(ModelKind.SAME_DAY, BARS, asked);
        assertNull(plan.extraRow(), "no extra row: each answer has its bar");
        assertArrayEquals(IntStream.range(0, 10).toArray(), plan.rows());
        assertArrayEquals(Arrays.stream(BARS).mapToDouble(Bar::volume).toArray(), plan.actuals());
    }

    @Test
    void aForecastOfTheNextDayAddsOneRowForecastingTheNewestBarFromTheBarsBeforeIt() {
        List<InputRow> asked = List.of(ModelKind.FORECAST.at(BARS, DAY.plusDays(10)));
        LiveChecks.Plan plan = LiveChecks.plan(ModelKind.FORECAST, BARS, asked);
        InputRow expected = ModelKind.FORECAST.at(Arrays.copyOf(BARS, 9), DAY.plusDays(9));
        assertEquals(DAY.plusDays(9), plan.extraRow().date());
        assertArrayEquals(expected.features(), plan.extraRow().features(), "features from the bars before the newest");
        assertArrayEquals(new int[]{1}, plan.rows(), "the extra row follows the asked one");
        assertArrayEquals(new double[]{1900}, plan.actuals(), "the newest bar's volume");
    }

    @Test
    void aForecastThatAskedForTheNewestBarsDateIsCheckedWithoutAnExtraRow() {
        List<InputRow> asked = List.of(ModelKind.FORECAST.at(BARS, DAY.plusDays(10)),
                ModelKind.FORECAST.at(BARS, DAY.plusDays(9)));
        LiveChecks.Plan plan = LiveChecks.plan(ModelKind.FORECAST, BARS, asked);
        assertNull(plan.extraRow());
        assertArrayEquals(new int[]{1}, plan.rows());
        assertArrayEquals(new double[]{1900}, plan.actuals());
    }

    @Test
    void aForecastChecksTheNewestBarThatHasHistoryBeforeIt() {
        // the newest bar stands alone, 60 days after the others: nothing in the 30 days before it
        Bar[] bars = Arrays.copyOf(BARS, 11);
        bars[10] = new Bar(DAY.plusDays(70), 5000, 20);
        List<InputRow> asked = List.of(ModelKind.FORECAST.at(bars, DAY.plusDays(71)));
        LiveChecks.Plan plan = LiveChecks.plan(ModelKind.FORECAST, bars, asked);
        assertEquals(DAY.plusDays(9), plan.extraRow().date());
        assertArrayEquals(new double[]{1900}, plan.actuals());
    }

    @Test
    void aSingleBarGivesNothingToCheckAForecastAgainst() {
        Bar[] one = {BARS[0]};
        LiveChecks.Plan plan = LiveChecks.plan(ModelKind.FORECAST, one, List.of(ModelKind.FORECAST.at(one, DAY.plusDays(1))));
        assertNull(plan.extraRow());
        assertEquals(0, plan.rows().length);
    }
}
