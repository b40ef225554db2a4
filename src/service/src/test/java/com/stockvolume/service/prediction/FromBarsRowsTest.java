package com.stockvolume.service.prediction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.stockvolume.features.Bar;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.prediction.json.BarInput;
import com.stockvolume.service.prediction.json.BarsRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A from-bars request, checked and turned into the requested dates' input rows by the model's kind. */
class FromBarsRowsTest {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private static BarInput bar(String date, double adjClose, double volume) {
        return new BarInput(date, adjClose, volume);
    }

    private static JsonNode dates(String... dates) {
        var array = JSON.arrayNode();
        Arrays.stream(dates).forEach(array::add);
        return array;
    }

    private static List<InputRow> plan(List<BarInput> bars, JsonNode dates) {
        return plan(ModelKind.SAME_DAY, bars, dates);
    }

    private static List<InputRow> plan(ModelKind kind, List<BarInput> bars, JsonNode dates) {
        return FromBarsRows.of(kind, new BarsRequest("XYZ", bars, dates, null), 20_000);
    }

    private static List<String> errors(BarsRequest request, int maxBars) {
        return errors(ModelKind.SAME_DAY, request, maxBars);
    }

    private static List<String> errors(ModelKind kind, BarsRequest request, int maxBars) {
        return assertThrows(InvalidInputException.class, () -> FromBarsRows.of(kind, request, maxBars)).errors();
    }

    /** Thu 2020-12-24, Mon 12-28 (a holiday and a weekend between), then a gap to Tue 2021-01-19. */
    private static final List<BarInput> GAPPY = List.of(
            bar("2021-01-19", 40, 4000),
            bar("2020-12-24", 10, 1000),
            bar("2020-12-28", 20, 2000),
            bar("2021-01-20", 30, 3000));

    @Test
    void withoutDatesTheLatestBarIsPredicted() {
        List<InputRow> rows = plan(GAPPY, null);
        assertEquals(1, rows.size());
        assertEquals(LocalDate.of(2021, 1, 20), rows.get(0).date());
        assertEquals(3000.0, rows.get(0).bar().volume());
    }

    @Test
    void windowsCrossHolidaysWeekendsAndMissingWeeksByCalendarDays() {
        List<InputRow> rows = plan(GAPPY, JSON.textNode("all"));
        assertEquals(List.of("2020-12-24", "2020-12-28", "2021-01-19", "2021-01-20"),
                rows.stream().map(r -> r.date().toString()).toList());
        // 2021-01-19 reaches back to 2020-12-21: all three bars so far, odd count
        assertEquals(3, rows.get(2).windowBars());
        assertArrayEquals(new double[]{7000.0 / 3, 20.0}, rows.get(2).features());
        // 2021-01-20 reaches back to 2020-12-22: four bars, even count interpolates
        assertEquals(4, rows.get(3).windowBars());
        assertArrayEquals(new double[]{2500.0, 25.0}, rows.get(3).features());
    }

    @Test
    void requestedDatesComeBackInTheOrderAsked() {
        List<InputRow> rows = plan(GAPPY, dates("2021-01-20", "2020-12-24", "2021-01-20"));
        assertEquals(List.of(LocalDate.of(2021, 1, 20), LocalDate.of(2020, 12, 24)),
                rows.stream().map(InputRow::date).toList());
        // a listed date gets the row "all" gives it
        assertArrayEquals(plan(GAPPY, JSON.textNode("all")).get(3).features(), rows.get(0).features());
    }

    @Test
    void everyBadBarOrFieldIsNamed() {
        List<BarInput> bars = new ArrayList<>();
        bars.add(bar("2021-01-04", 10, 100));
        bars.add(bar("2021-01-04", 11, 110));
        bars.add(bar("04/01/2021", 12, 120));
        bars.add(new BarInput("2021-01-06", null, -5.0));
        bars.add(null);
        bars.add(new BarInput(null, 1.0, 1.0));
        assertEquals(List.of(
                "bars[1].date: 2021-01-04 appears twice (also bars[0])",
                "bars[2].date: not a date (YYYY-MM-DD): '04/01/2021'",
                "bars[3].volume: must be a finite number >= 0",
                "bars[3].adj_close: is required",
                "bars[4]: must be an object with date, adj_close and volume",
                "bars[5].date: is required (YYYY-MM-DD)"),
                errors(new BarsRequest("XYZ", bars, null, null), 20_000));
    }

    @Test
    void aRequestedDateWithoutABarIsNamed() {
        assertEquals(List.of("dates[1]: no bar on 2021-01-21", "dates[2]: not a date (YYYY-MM-DD): 'soon'"),
                errors(new BarsRequest("XYZ", GAPPY, dates("2021-01-20", "2021-01-21", "soon"), null), 20_000));
        assertEquals(List.of("dates: must be \"all\" or a non-empty list of YYYY-MM-DD dates"),
                errors(new BarsRequest("XYZ", GAPPY, JSON.textNode("latest"), null), 20_000));
    }

    @Test
    void moreBarsThanTheLimitAreRefused() {
        TooManyRowsException e = assertThrows(TooManyRowsException.class,
                () -> FromBarsRows.of(ModelKind.SAME_DAY, new BarsRequest("XYZ", GAPPY, null, null), 3));
        assertEquals(Failure.TOO_MANY_ROWS, e.failure());
        assertEquals(List.of("bars: 4 bars; at most 3 are accepted (predictions.max-bars)"), e.errors());
    }

    @Test
    void aSymbolAndBarsAreRequired() {
        assertEquals(List.of("symbol: is required", "bars: must hold at least one bar"),
                errors(new BarsRequest(" ", List.of(), null, null), 20_000));
        assertEquals(List.of("bars: is required"), errors(new BarsRequest("XYZ", null, null, null), 20_000));
    }

    @Test
    void aThinWindowIsWarnedAbout() {
        List<InputRow> rows = plan(GAPPY, JSON.textNode("all"));
        assertEquals("the 30-day window holds 1 bar(s), fewer than 2 (predictions.min-window-bars): the features are thin",
                FromBarsRows.thinWindowWarning(ModelKind.SAME_DAY, rows.get(0), 2));
        assertNull(FromBarsRows.thinWindowWarning(ModelKind.SAME_DAY, rows.get(1), 2));
        assertNull(FromBarsRows.thinWindowWarning(ModelKind.SAME_DAY, rows.get(0), 1));
        InputRow forecast = plan(ModelKind.FORECAST, GAPPY, dates("2020-12-28")).get(0);
        assertEquals("the 30 days before the date hold 1 bar(s), fewer than 2 (predictions.min-window-bars): the features"
                + " are thin", FromBarsRows.thinWindowWarning(ModelKind.FORECAST, forecast, 2));
    }

    @Test
    void aForecastWithoutDatesIsOfTheDayAfterTheLatestBarFromTheBarsBeforeIt() {
        List<InputRow> rows = plan(ModelKind.FORECAST, GAPPY, null);
        assertEquals(LocalDate.of(2021, 1, 21), rows.get(0).date());
        assertNull(rows.get(0).bar());
        assertArrayEquals(ForecastFeatures.at(sortedGappy(), LocalDate.of(2021, 1, 21)), rows.get(0).features());
    }

    @Test
    void aForecastOfEveryBarLeavesOutTheFirstWhichHasNothingBeforeIt() {
        List<InputRow> rows = plan(ModelKind.FORECAST, GAPPY, JSON.textNode("all"));
        assertEquals(List.of("2020-12-28", "2021-01-19", "2021-01-20"), rows.stream().map(r -> r.date().toString()).toList());
        assertEquals(2000.0, rows.get(0).bar().volume());
    }

    @Test
    void aForecastDateTooFarAheadOrWithoutHistoryIsNamed() {
        assertEquals(List.of("dates[0]: 2021-01-28 is more than 7 days after the last bar (2021-01-20)",
                "dates[1]: no bar in the 30 days before 2020-12-24"),
                errors(ModelKind.FORECAST, new BarsRequest("XYZ", GAPPY, dates("2021-01-28", "2020-12-24"), null), 20_000));
    }

    private static Bar[] sortedGappy() {
        return GAPPY.stream().map(b -> new Bar(LocalDate.parse(b.date()), b.volume(), b.adjClose()))
                .sorted(Comparator.comparing(Bar::date)).toArray(Bar[]::new);
    }
}
