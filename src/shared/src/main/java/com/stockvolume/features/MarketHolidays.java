package com.stockvolume.features;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;

/**
 * The New York Stock Exchange's regular holidays and early closes, computed from their rules for any
 * year, so a forecast knows them before the day. The rules as the exchange applies them: New Year's
 * Day, Independence Day and Christmas moved to the Friday before a Saturday or the Monday after a
 * Sunday (except New Year's Day on a Saturday, which is not moved into the old year); Martin Luther
 * King Jr. Day (third Monday of January, from 1998), Washington's Birthday (third Monday of February),
 * Good Friday, Memorial Day (last Monday of May), Juneteenth (from 2022), Labor Day and Thanksgiving.
 * Years before 1971, when the last two fell on fixed dates, get the Monday rules too: a simplification
 * that touches a handful of the dataset's symbols. One-off closings (9/11, storms, state funerals) are
 * not rules and are left out.
 */
public final class MarketHolidays {

    private MarketHolidays() {
    }

    /** Whether the exchange is closed for a holiday on {@code day} (never true on a weekend). */
    public static boolean isHoliday(LocalDate day) {
        if (isWeekend(day)) {
            return false;
        }
        int year = day.getYear();
        if (day.equals(observed(LocalDate.of(year, 7, 4))) || day.equals(observed(LocalDate.of(year, 12, 25)))
                || (year >= 2022 && day.equals(observed(LocalDate.of(year, 6, 19))))) {
            return true;
        }
        LocalDate newYear = LocalDate.of(year, 1, 1);
        if (day.equals(newYear.getDayOfWeek() == DayOfWeek.SUNDAY ? newYear.plusDays(1) : newYear)) {
            return true;
        }
        return (year >= 1998 && day.equals(nth(year, Month.JANUARY, 3, DayOfWeek.MONDAY)))
                || day.equals(nth(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY))
                || day.equals(easter(year).minusDays(2))
                || (year >= 1971
                        && day.equals(LocalDate.of(year, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))))
                || day.equals(nth(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY))
                || day.equals(thanksgiving(year));
    }

    /** Whether the exchange closes early (13:00) on {@code day}: the day after Thanksgiving, 24 December, 3 July. */
    public static boolean isEarlyClose(LocalDate day) {
        if (isWeekend(day) || isHoliday(day)) {
            return false;
        }
        return day.equals(thanksgiving(day.getYear()).plusDays(1))
                || (day.getMonth() == Month.DECEMBER && day.getDayOfMonth() == 24)
                || (day.getMonth() == Month.JULY && day.getDayOfMonth() == 3);
    }

    /** Whether {@code day} is the third Friday of its month, when monthly equity options expire. */
    public static boolean isThirdFriday(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.FRIDAY && day.getDayOfMonth() >= 15 && day.getDayOfMonth() <= 21;
    }

    /** The first weekday after {@code day}. */
    public static LocalDate nextWeekday(LocalDate day) {
        LocalDate next = day.plusDays(1);
        while (isWeekend(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    /** The last weekday before {@code day}. */
    public static LocalDate previousWeekday(LocalDate day) {
        LocalDate previous = day.minusDays(1);
        while (isWeekend(previous)) {
            previous = previous.minusDays(1);
        }
        return previous;
    }

    /** Easter Sunday of {@code year} in the Gregorian calendar (the anonymous Gregorian algorithm). */
    static LocalDate easter(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int dayOfMonth = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, dayOfMonth);
    }

    private static LocalDate thanksgiving(int year) {
        return nth(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY);
    }

    private static LocalDate observed(LocalDate holiday) {
        return switch (holiday.getDayOfWeek()) {
            case SATURDAY -> holiday.minusDays(1);
            case SUNDAY -> holiday.plusDays(1);
            default -> holiday;
        };
    }

    private static LocalDate nth(int year, Month month, int n, DayOfWeek weekday) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
    }

    private static boolean isWeekend(LocalDate day) {
        return day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
