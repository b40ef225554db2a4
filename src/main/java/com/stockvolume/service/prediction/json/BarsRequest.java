package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code {"symbol":"AAPL","bars":[{"date","adj_close","volume"}, ...],"dates":["2021-01-27"]}}
 *
 * @param dates absent: the latest bar's date; {@code "all"}: every bar; or a list of dates
 */
public record BarsRequest(
        @Schema(required = true, example = "AAPL") String symbol,
        @Schema(required = true) List<BarInput> bars,
        @Schema(description = "Omitted: the latest bar's date. \"all\": every bar. Or a list of YYYY-MM-DD dates.",
                oneOf = {String.class, String[].class}, example = "[\"2021-01-27\"]")
        JsonNode dates) {}
