package com.stockvolume.service.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.features.Bar;
import com.stockvolume.features.InputRow;
import com.stockvolume.features.IsoDates;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.prediction.json.BarInput;
import com.stockvolume.service.prediction.json.BarsRequest;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a from-bars request asks, checked and computed: the input rows of the requested dates, by the
 * same {@link ModelKind} code the model was trained with. Pure: no framework, no I/O.
 */
public final class FromBarsRows {

    private FromBarsRows() {
    }

    /**
     * The rows of the requested dates, in the order asked for: absent dates ask for the kind's
     * {@link ModelKind#defaultDay default day}; {@code "all"} for every bar's day that has a row; a
     * listed date must have a row (a forecast's may lie up to a week after the last bar).
     *
     * @throws InvalidInputException listing every bad bar or field, e.g. {@code bars[3].date: ...}
     */
    public static List<InputRow> of(ModelKind kind, BarsRequest request, int maxBars) {
        return asked(kind, request, maxBars).rows();
    }

    /**
     * A request's bars, checked and sorted by date, and the rows it asks for.
     *
     * @param bars sorted by date, no two on one date, at least one
     */
    public record Asked(Bar[] bars, List<InputRow> rows) {
    }

    /** As {@link #of}, with the sorted bars the rows came from. */
    public static Asked asked(ModelKind kind, BarsRequest request, int maxBars) {
        List<Bar> valid = validBars(request, maxBars);
        Bar[] bars = valid.toArray(new Bar[0]);
        return new Asked(bars, rows(kind, request, valid, bars));
    }

    private static List<InputRow> rows(ModelKind kind, BarsRequest request, List<Bar> valid, Bar[] bars) {
        LocalDate last = bars[bars.length - 1].date();
        JsonNode dates = request.dates();
        if (dates == null || dates.isNull()) {
            return List.of(kind.at(bars, kind.defaultDay(last)));
        }
        if (dates.isTextual() && dates.asText().equals("all")) {
            return kind.everyBar(valid);
        }
        List<String> errors = new ArrayList<>();
        if (!dates.isArray() || dates.isEmpty()) {
            errors.add("dates: must be \"all\" or a non-empty list of YYYY-MM-DD dates");
            throw invalid(errors);
        }
        Map<LocalDate, InputRow> rows = new LinkedHashMap<>();
        for (int i = 0; i < dates.size(); i++) {
            String path = "dates[" + i + "]";
            JsonNode node = dates.get(i);
            LocalDate date = date(node.isTextual() ? node.asText() : null, path, errors);
            if (date == null || rows.containsKey(date)) {
                continue;
            }
            InputRow row = kind.at(bars, date);
            if (row == null) {
                errors.add(path + ": " + kind.noRow(date, last));
            } else {
                rows.put(date, row);
            }
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return List.copyOf(rows.values());
    }

    /** The warning for a row whose window holds fewer than {@code minWindowBars} bars, or null. */
    public static String thinWindowWarning(ModelKind kind, InputRow row, int minWindowBars) {
        if (row.windowBars() >= minWindowBars) {
            return null;
        }
        String window = kind == ModelKind.SAME_DAY ? "the 30-day window holds " : "the 30 days before the date hold ";
        return window + row.windowBars() + " bar(s), fewer than " + minWindowBars
                + " (predictions.min-window-bars): the features are thin";
    }

    /** The request's bars, checked: every bad bar or field listed in one InvalidInputException. */
    private static List<Bar> validBars(BarsRequest request, int maxBars) {
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
            throw TooManyRowsException.bars(inputs.size(), maxBars);
        }
        List<Bar> bars = bars(inputs, errors);
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        bars.sort(Comparator.comparing(Bar::date));
        return bars;
    }

    private static List<Bar> bars(List<BarInput> inputs, List<String> errors) {
        List<Bar> bars = new ArrayList<>(inputs.size());
        // keyed by epoch day: LocalDate's hash code puts one day and month of nearby years in one bucket
        Map<Long, Integer> firstSeen = new HashMap<>(inputs.size() * 4 / 3 + 1);
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
                Integer earlier = firstSeen.putIfAbsent(date.toEpochDay(), i);
                if (earlier != null) {
                    errors.add(path + ".date: " + date + " appears twice (also bars[" + earlier + "])");
                } else if (valuesOk) {
                    bars.add(new Bar(date, input.volume(), input.adjClose()));
                }
            }
        }
        return bars;
    }

    private static LocalDate date(String text, String path, List<String> errors) {
        if (text == null) {
            errors.add(path + ": is required (YYYY-MM-DD)");
            return null;
        }
        try {
            return IsoDates.parse(text);
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

    private static InvalidInputException invalid(List<String> errors) {
        return new InvalidInputException(errors.size() + " invalid value(s) in the request", errors);
    }
}
