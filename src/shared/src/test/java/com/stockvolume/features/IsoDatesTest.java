package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** IsoDates.parse reads exactly what LocalDate.parse reads, and refuses what it refuses. */
class IsoDatesTest {

    @Test
    void everyDayFrom1900To2100ReadsAsLocalDateReadsIt() {
        for (LocalDate day = LocalDate.of(1900, 1, 1); day.getYear() <= 2100; day = day.plusDays(1)) {
            assertEquals(day, IsoDates.parse(day.toString()));
        }
        assertEquals(LocalDate.parse("0000-01-01"), IsoDates.parse("0000-01-01"));
        assertEquals(LocalDate.parse("+12345-06-07"), IsoDates.parse("+12345-06-07"), "longer years, as LocalDate");
        assertEquals(LocalDate.parse("-0001-12-31"), IsoDates.parse("-0001-12-31"));
    }

    @Test
    void whatLocalDateRefusesIsRefusedWithTheSameException() {
        for (String bad : List.of("2021-02-29", "2020-02-30", "2021-13-01", "2021-00-10", "2021-04-31", "2021-01-00",
                "2021-1-01", "2021-01-1", "2021-01-0a", "20a1-01-01", "2021/01/01", "2021-01-01 ", " 2021-01-01",
                "2021-01-01T00:00", "-001-01-01", "2021-+1-01", "2021--1-01", "\u0662\u0660\u0662\u0661-01-01", "", "x")) {
            assertThrows(DateTimeParseException.class, () -> LocalDate.parse(bad), bad);
            assertThrows(DateTimeParseException.class, () -> IsoDates.parse(bad), bad);
        }
    }
}
