package com.stockvolume.service.prediction;

import java.util.List;
import java.util.regex.Pattern;

/** Query-string numbers of the original GET API: plain decimals, finite and >= 0. */
public final class QueryNumbers {

    /** What Python's float() took in the original, minus inf/nan; Java's extras (hex, "1d") refused. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private QueryNumbers() {}

    public static double featureValue(String name, String raw) {
        String text = raw.strip();
        if (DECIMAL.matcher(text).matches()) {
            double value = Double.parseDouble(text);
            if (FeatureValues.valid(value)) {
                return value;
            }
        }
        String error = name + ": " + FeatureValues.RULE + ", got '" + raw + "'";
        throw new InvalidInputException(error, List.of(error));
    }
}
