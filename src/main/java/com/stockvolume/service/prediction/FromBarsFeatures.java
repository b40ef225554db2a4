package com.stockvolume.service.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.features.Bar;
import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.prediction.json.BarInput;
import com.stockvolume.service.prediction.json.BarsRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a from-bars request asks, checked and computed: the feature rows of the requested dates,
 * by the same {@link WindowFeatures} the model was trained with. Pure: no framework, no I/O.
 *
 * @param rows the requested dates' rows, in the order the dates were asked for
 */
public record FromBarsFeatures(List<FeatureRow> rows) {

    /**
     * @throws InvalidInputException listing every bad bar or field, e.g. {@code bars[3].date: ...}
     */
    public static FromBarsFeatures of(BarsRequest request, int maxBars) {
        List<Bar> bars = validBars(request, maxBars);
        List<String> errors = new ArrayList<>();
        Map<LocalDate, FeatureRow> byDate = new HashMap<>();
        LocalDate latest = null;
        for (FeatureRow row : WindowFeatures.compute(bars)) {
            byDate.put(row.date(), row);
            latest = row.date();
        }
        List<FeatureRow> rows = new ArrayList<>();
        for (LocalDate date : requestedDates(request.dates(), byDate, latest, errors)) {
            rows.add(byDate.get(date));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new FromBarsFeatures(rows);
    }

    /** The request's bars, checked: every bad bar or field listed in one InvalidInputException. */
    static List<Bar> validBars(BarsRequest request, int maxBars) {
        List<String> errors = new ArrayList<>();
        if (request == null) {
            throw new InvalidInputException("the request body is empty", List.of("bars: is required"));
        }
        if (request.symbol() == null || request.symbol().isBlank()) {
            errors.add("symbol: is required");
        }
        List<BarInput> inputs = request.bars();
        if (inputs == null || inputs.isEmpty()) {
            errors.add("bars: " + (inputs == null ? "is required" : "must hold at least one bar"));
            throw invalid(errors);
        }
        if (inputs.size() > maxBars) {
            errors.add("bars: " + inputs.size() + " bars; at most " + maxBars
                    + " are accepted (predictions.max-bars)");
            throw invalid(errors);
        }
        List<Bar> bars = bars(inputs, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        bars.sort(java.util.Comparator.comparing(Bar::date));
        return bars;
    }

    /** The warning for a row whose window holds fewer than {@code minWindowBars} bars, or null. */
    public static String thinWindowWarning(FeatureRow row, int minWindowBars) {
        return row.windowRows() < minWindowBars
                ? "the 30-day window holds " + row.windowRows() + " bar(s), fewer than " + minWindowBars
                        + " (predictions.min-window-bars): the features are thin"
                : null;
    }

    private static List<Bar> bars(List<BarInput> inputs, List<String> errors) {
        List<Bar> bars = new ArrayList<>(inputs.size());
        Map<LocalDate, Integer> firstSeen = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            String path = "bars[" + i + "]";
            BarInput input = inputs.get(i);
            if (input == null) {
                errors.add(path + ": must be an object with date, adj_close and volume");
                continue;
            }
            LocalDate date = date(input.date(), path + ".date", errors);
            boolean valuesOk = value(input.volume(), path + ".volume", errors)
                    & value(input.adjClose(), path + ".adj_close", errors);
            if (date != null) {
                Integer earlier = firstSeen.putIfAbsent(date, i);
                if (earlier != null) {
                    errors.add(path + ".date: " + date + " appears twice (also bars[" + earlier + "])");
                } else if (valuesOk) {
                    bars.add(new Bar(date, input.volume(), input.adjClose()));
                }
            }
        }
        return bars;
    }

    private static List<LocalDate> requestedDates(JsonNode dates, Map<LocalDate, FeatureRow> byDate,
            LocalDate latest, List<String> errors) {
        if (dates == null || dates.isNull()) {
            return List.of(latest);
        }
        if (dates.isTextual() && dates.asText().equals("all")) {
            return byDate.keySet().stream().sorted().toList();
        }
        if (!dates.isArray() || dates.isEmpty()) {
            errors.add("dates: must be \"all\" or a non-empty list of YYYY-MM-DD dates");
            return List.of();
        }
        Map<LocalDate, Boolean> requested = new LinkedHashMap<>();
        for (int i = 0; i < dates.size(); i++) {
            String path = "dates[" + i + "]";
            JsonNode node = dates.get(i);
            LocalDate date = date(node.isTextual() ? node.asText() : null, path, errors);
            if (date == null) {
                continue;
            }
            if (!byDate.containsKey(date)) {
                errors.add(path + ": no bar on " + date);
            } else {
                requested.put(date, true);
            }
        }
        return List.copyOf(requested.keySet());
    }

    static LocalDate date(String text, String path, List<String> errors) {
        if (text == null) {
            errors.add(path + ": is required (YYYY-MM-DD)");
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(path + ": not a date (YYYY-MM-DD): '" + text + "'");
            return null;
        }
    }

    private static boolean value(Double value, String path, List<String> errors) {
        if (value == null) {
            errors.add(path + ": is required");
            return false;
        }
        if (!FeatureValueRule.valid(value)) {
            errors.add(path + ": " + FeatureValueRule.RULE);
            return false;
        }
        return true;
    }

    static InvalidInputException invalid(List<String> errors) {
        return new InvalidInputException(errors.size() + " invalid value(s) in the request", errors);
    }
}
