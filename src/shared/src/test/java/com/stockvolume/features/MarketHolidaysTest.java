package com.stockvolume.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The rules against the exchange's published calendars. */
class MarketHolidaysTest {

    private static List<String> holidays(int year) {
        return days(year, MarketHolidays::isHoliday);
    }

    private static List<String> earlyCloses(int year) {
        return days(year, MarketHolidays::isEarlyClose);
    }

    /** The days of {@code year} that {@code rule} picks, as MM-dd. */
    private static List<String> days(int year, Predicate<LocalDate> rule) {
        List<String> found = new ArrayList<>();
        for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
            if (rule.test(d)) {
                found.add(d.toString().substring(5));
            }
        }
        return found;
    }

    @Test
    void nyseHolidaysOf2019And2020() {
        assertEquals(List.of("01-01", "01-21", "02-18", "04-19", "05-27", "07-04", "09-02", "11-28", "12-25"), holidays(2019));
        assertEquals(List.of("01-01", "01-20", "02-17", "04-10", "05-25", "07-03", "09-07", "11-26", "12-25"), holidays(2020));
    }

    @Test
    void juneteenthFrom2022AndNoNewYearMovedIntoTheOldYear() {
        // 2022: New Year's Day on a Saturday is not observed (31 December 2021 traded); Juneteenth on Monday 20 June
        assertEquals(List.of("01-17", "02-21", "04-15", "05-30", "06-20", "07-04", "09-05", "11-24", "12-26"), holidays(2022));
        assertEquals(List.of("01-01", "01-18", "02-15", "04-02", "05-31", "07-05", "09-06", "11-25", "12-24"), holidays(2021));
    }

    @Test
    void noMartinLutherKingDayBefore1998() {
        assertEquals(List.of("01-01", "02-17", "03-28", "05-26", "07-04", "09-01", "11-27", "12-25"), holidays(1997));
    }

    @Test
    void earlyClosesAreTheDayAfterThanksgivingChristmasEveAndTheThirdOfJuly() {
        assertEquals(List.of("07-03", "11-29", "12-24"), earlyCloses(2019));
        // 2020: 3 July was the Independence Day holiday (the 4th a Saturday)
        assertEquals(List.of("11-27", "12-24"), earlyCloses(2020));
        // 2021: 24 December was the Christmas holiday (the 25th a Saturday)
        assertEquals(List.of("11-26"), earlyCloses(2021));
    }

    @Test
    void easterByTheGregorianRule() {
        assertEquals(LocalDate.of(2019, 4, 21), MarketHolidays.easter(2019));
        assertEquals(LocalDate.of(2000, 4, 23), MarketHolidays.easter(2000));
        assertEquals(LocalDate.of(1962, 4, 22), MarketHolidays.easter(1962));
        assertEquals(LocalDate.of(2038, 4, 25), MarketHolidays.easter(2038));
    }
}
