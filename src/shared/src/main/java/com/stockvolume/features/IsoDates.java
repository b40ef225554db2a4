package com.stockvolume.features;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** ISO dates (YYYY-MM-DD) as bars carry them, read the way {@link LocalDate#parse(CharSequence)} reads them. */
public final class IsoDates {

    private IsoDates() {
    }

    /**
     * {@link LocalDate#parse(CharSequence)}, with the common ten-character form read directly: the
     * formatter's general parser is slow for one fixed form (figures: docs/performance.md).
     *
     * @throws DateTimeParseException for anything {@link LocalDate#parse(CharSequence)} refuses
     */
    public static LocalDate parse(String text) {
        if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            if (year >= 0 && month >= 0 && day >= 0) {
                try {
                    return LocalDate.of(year, month, day);
                } catch (DateTimeException e) {
                    throw new DateTimeParseException("Text '" + text + "' could not be parsed: " + e.getMessage(), text, 0, e);
                }
            }
        }
        return LocalDate.parse(text);
    }

    /** The number in {@code text[from, to)}, or -1 unless every character is an ASCII digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
