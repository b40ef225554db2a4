package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code {"symbol":"AAPL","bars":[{"date","adj_close","volume"}, ...],"dates":["2021-01-27"]}}
 *
 * @param dates absent: the latest bar's date (the forecast: the day after it); {@code "all"}: every bar; or a list of dates
 * @param model absent: the default model (stock-volume, the same-day estimate); or stock-volume-forecast
 */
public record BarsRequest(
        @Schema(required = true, example = "AAPL") String symbol,
        @Schema(required = true) List<BarInput> bars,
        @Schema(ref = "Dates") JsonNode dates,
        @Schema(nullable = true,
                description = "Omitted (or null): stock-volume, the day's Volume from the 30 days ending that day (the day's own"
                        + " bar needed). \"stock-volume-forecast\": each date forecast from the bars strictly before it; a date"
                        + " may lie up to 7 days after the last bar.",
                example = "stock-volume-forecast") String model) {
}
