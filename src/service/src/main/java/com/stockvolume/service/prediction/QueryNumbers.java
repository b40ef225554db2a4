package com.stockvolume.service.prediction;

import com.fasterxml.jackson.core.io.NumberInput;
import com.stockvolume.service.failure.InvalidInputException;
import java.util.List;

/** Query-string numbers of the original GET API: plain decimals, finite and >= 0. */
public final class QueryNumbers {

    private QueryNumbers() {
    }

    public static double featureValue(String name, String raw) {
        String text = raw.strip();
        if (isDecimal(text)) {
            // Jackson's FastDoubleParser: faster than Double.parseDouble and a regex on the hottest path
            double value = NumberInput.parseDouble(text, true);
            if (FeatureValueRule.valid(value)) {
                return value;
            }
        }
        String error = name + ": " + FeatureValueRule.RULE + ", got '" + raw + "'";
        throw new InvalidInputException(error, List.of(error));
    }

    /**
     * What Python's float() took in the original, minus inf/nan, and no more: Java's extras (hex,
     * "1d", "Infinity") are refused. The grammar: {@code [+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?}.
     */
    static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intDigits = digits(s, i);
        i += intDigits;
        int fractionDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            i++;
            fractionDigits = digits(s, i);
            i += fractionDigits;
        }
        if (intDigits == 0 && fractionDigits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = digits(s, i);
            if (exponentDigits == 0) {
                return false;
            }
            i += exponentDigits;
        }
        return i == n;
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }
}
