package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A version's input columns pick, in its own order, columns of its kind's rows. */
class InputColumnsTest {

    @Test
    void aVersionTakesSomeOfItsKindsColumnsInItsOwnOrder() {
        InputColumns columns = InputColumns.of(ModelKind.FORECAST,
                List.of(ForecastFeatures.WEEKDAY, ForecastFeatures.VOL_MEAN_30D));
        double[] row = new double[ForecastFeatures.COLUMNS];
        for (int i = 0; i < row.length; i++) {
            row[i] = 10 * i;
        }
        assertArrayEquals(new double[]{60, 0}, columns.of(row));
        double[] matrix = {-1, -1, -1, -1};
        columns.copy(row, matrix, 2);
        assertArrayEquals(new double[]{-1, -1, 60, 0}, matrix);
        assertEquals(2, columns.count());
    }

    @Test
    void versionOneTakesTheFirstNineColumnsAndAllTakesEvery() {
        double[] row = new double[ForecastFeatures.COLUMNS];
        for (int i = 0; i < row.length; i++) {
            row[i] = i;
        }
        assertArrayEquals(new double[]{0, 1, 2, 3, 4, 5, 6, 7, 8},
                InputColumns.of(ModelKind.FORECAST, ForecastFeatures.FIRST_INPUTS).of(row));
        assertArrayEquals(row, InputColumns.all(ModelKind.FORECAST).of(row));
    }

    @Test
    void unknownRepeatedOrMissingRequiredColumnsAreRefusedByName() {
        assertEquals("'volume' is not a column of a forecast model; its columns are " + ForecastFeatures.FEATURE_NAMES,
                assertThrows(IllegalArgumentException.class,
                        () -> InputColumns.of(ModelKind.FORECAST, List.of(ForecastFeatures.VOL_MEAN_30D, "volume")))
                        .getMessage());
        assertEquals("input columns [weekday, weekday] name a column twice", assertThrows(IllegalArgumentException.class,
                () -> InputColumns.of(ModelKind.FORECAST, List.of("weekday", "weekday"))).getMessage());
        assertEquals("a same-day model must take [adj_close_rolling_med]; its input columns are [vol_moving_avg]",
                assertThrows(IllegalArgumentException.class,
                        () -> InputColumns.of(ModelKind.SAME_DAY, List.of(WindowFeatures.VOL_MOVING_AVG))).getMessage());
        assertEquals("a forecast model takes at least one input column",
                assertThrows(IllegalArgumentException.class, () -> InputColumns.of(ModelKind.FORECAST, List.of()))
                        .getMessage());
    }
}
