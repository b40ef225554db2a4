package com.stockvolume.service.prediction;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.features.Bar;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.service.prediction.json.BarsRequest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A forecast date of a from-bars request and its inputs (in {@link ForecastFeatures} order), computed
 * by the same code the forecast model was trained with. Pure: no framework, no I/O.
 */
public record FromBarsForecast(LocalDate date, double[] features) {

    /**
     * The forecast features of each requested date, each from the request's bars dated strictly before
     * it: absent dates ask for the day after the latest bar; {@code "all"} for every bar's date that has
     * a bar in the 30 days before it; a listed date may lie up to 7 days after the latest bar.
     */
    public static List<FromBarsForecast> of(BarsRequest request, int maxBars) {
        Bar[] bars = FromBarsFeatures.validBars(request, maxBars).toArray(new Bar[0]); // sorted by date
        LocalDate latest = bars[bars.length - 1].date();
        List<String> errors = new ArrayList<>();
        List<FromBarsForecast> out = new ArrayList<>();
        JsonNode dates = request.dates();
        if (dates == null || dates.isNull()) {
            LocalDate next = latest.plusDays(1);
            out.add(new FromBarsForecast(next, ForecastFeatures.at(bars, next)));
        } else if (dates.isTextual() && dates.asText().equals("all")) {
            for (Bar bar : bars) {
                double[] features = ForecastFeatures.at(bars, bar.date());
                if (features != null) {
                    out.add(new FromBarsForecast(bar.date(), features));
                }
            }
        } else if (!dates.isArray() || dates.isEmpty()) {
            errors.add("dates: must be \"all\" or a non-empty list of YYYY-MM-DD dates");
        } else {
            Map<LocalDate, Boolean> seen = new HashMap<>();
            for (int i = 0; i < dates.size(); i++) {
                String path = "dates[" + i + "]";
                JsonNode node = dates.get(i);
                LocalDate date = FromBarsFeatures.date(node.isTextual() ? node.asText() : null, path, errors);
                if (date == null || seen.putIfAbsent(date, true) != null) {
                    continue;
                }
                double[] features = ForecastFeatures.at(bars, date);
                if (date.isAfter(latest.plusDays(ForecastFeatures.MAX_DAYS_AHEAD))) {
                    errors.add(path + ": " + date + " is more than " + ForecastFeatures.MAX_DAYS_AHEAD
                            + " days after the last bar (" + latest + ")");
                } else if (features == null) {
                    errors.add(path + ": no bar in the " + ForecastFeatures.WINDOW_DAYS + " days before " + date);
                } else {
                    out.add(new FromBarsForecast(date, features));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw FromBarsFeatures.invalid(errors);
        }
        return out;
    }
}
