package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.features.Bar;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/predictions/from-bars with "model": "stock-volume-forecast": each date from the bars before it. */
@QuarkusTest
class FromBarsForecastTest {

    private static final String MODEL = "stock-volume-forecast";

    private static Map<String, Object> bar(String date, double volume, double adjClose) {
        return Map.of("date", date, "volume", volume, "adj_close", adjClose, "open", 1.0, "close", adjClose);
    }

    private static JsonPath post(Object body) {
        return JsonNumbers.doubles(given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions/from-bars").then().statusCode(200).extract().asString());
    }

    /** What /v2 answers for these inputs (volume, lower, upper): from-bars must give the model's answer. */
    private static List<Double> inferred(List<Double> features) {
        JsonPath answer = JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Map.of("inputs", List.of(Map.of("name", "features", "datatype", "FP64",
                        "shape", List.of(1, ForecastFeatures.COLUMNS), "data", features))))
                .when().post("/v2/models/" + MODEL + "/infer").then().statusCode(200).extract().asString());
        return List.of(answer.getDouble("outputs[0].data[0]"), answer.getDouble("outputs[1].data[0]"),
                answer.getDouble("outputs[2].data[0]"));
    }

    private static List<Double> features(Map<String, Object> prediction) {
        @SuppressWarnings("unchecked")
        Map<String, Double> byName = (Map<String, Double>) prediction.get("features");
        assertEquals(ForecastFeatures.FEATURE_NAMES, new ArrayList<>(byName.keySet()));
        return new ArrayList<>(byName.values());
    }

    @Test
    void forecastsADayFromTheBarsBeforeItWithTheFeaturesItUsed() {
        // Mon 4, Tue 5, Wed 6, Fri 8 January 2021; the forecast for Mon 11 (hand-computed as in ForecastFeaturesTest)
        JsonPath answer = post(Map.of("symbol", "XYZ", "model", MODEL, "dates", List.of("2021-01-11"), "bars", List.of(
                bar("2021-01-04", 100, 10), bar("2021-01-05", 200, 11), bar("2021-01-06", 300, 12),
                bar("2021-01-08", 400, 10))));
        assertEquals(MODEL, answer.getString("model.name"));
        assertEquals("2", answer.getString("model.version"));
        Map<String, Object> p = answer.getMap("predictions[0]");
        assertEquals("2021-01-11", p.get("date"));
        assertEquals(List.of(250.0, 1.6, 1.2, 1.0, 10.5, 10.0 / 12, 1.0, 3.0, 4.0), features(p).subList(0, 9));
        assertEquals(Arrays.stream(ForecastFeatures.at(List.of(new Bar(LocalDate.parse("2021-01-04"), 100, 10),
                new Bar(LocalDate.parse("2021-01-05"), 200, 11), new Bar(LocalDate.parse("2021-01-06"), 300, 12),
                new Bar(LocalDate.parse("2021-01-08"), 400, 10)), LocalDate.parse("2021-01-11"))).boxed().toList(),
                features(p));
        assertEquals(4, ((Number) p.get("window_rows")).intValue());
        assertNull(p.get("vol_moving_avg"), "a forecast has no same-day features");
        List<Double> inferred = inferred(features(p));
        assertTrue(Parity.relativeError((Double) p.get("volume"), inferred.get(0)) <= 1e-12);
        // the 80% interval, the graph's second and third outputs, around the volume
        assertTrue(Parity.relativeError((Double) p.get("volume_lower"), inferred.get(1)) <= 1e-12);
        assertTrue(Parity.relativeError((Double) p.get("volume_upper"), inferred.get(2)) <= 1e-12);
        assertTrue((Double) p.get("volume_lower") <= (Double) p.get("volume"));
        assertTrue((Double) p.get("volume") <= (Double) p.get("volume_upper"));
    }

    @Test
    void barsOnOrAfterARequestedDateAreIgnoredForIt() throws Exception {
        List<Map<String, Object>> history = Bars.aapl();
        List<String> dates = List.of("2021-01-27", "2020-12-21", "2021-01-28");
        JsonPath whole = post(Map.of("symbol", "AAPL", "model", MODEL, "bars", history, "dates", dates));
        for (int i = 0; i < dates.size(); i++) {
            String date = dates.get(i);
            List<Map<String, Object>> before = history.stream().filter(b -> ((String) b.get("date")).compareTo(date) < 0)
                    .toList();
            Map<String, Object> alone = post(Map.of("symbol", "AAPL", "model", MODEL, "bars", before, "dates", List.of(date)))
                    .getMap("predictions[0]");
            Map<String, Object> fromWhole = whole.getMap("predictions[" + i + "]");
            assertEquals(date, fromWhole.get("date"));
            assertEquals(features(alone), features(fromWhole), date);
            assertEquals(alone.get("volume"), fromWhole.get("volume"), date);
        }
    }

    @Test
    void withoutDatesItForecastsTheDayAfterTheLastBarAndAllMeansEveryBarWithHistory() throws Exception {
        List<Map<String, Object>> history = Bars.aapl();
        given().contentType(ContentType.JSON).body(Map.of("symbol", "AAPL", "model", MODEL, "bars", history))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(200).body("predictions.date", contains("2021-01-28"));
        JsonPath all = post(Map.of("symbol", "AAPL", "model", MODEL, "bars", history, "dates", "all"));
        assertEquals(history.size() - 1, all.getList("predictions").size(), "every bar but the first has a bar before it");
    }

    @Test
    void aDateTooFarAheadOrWithoutHistoryIsA400NamingIt() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "AAPL", "model", MODEL, "bars", Bars.aapl(),
                        "dates", List.of("2021-02-04", "2021-02-03", "2020-11-20")))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors", contains("dates[0]: 2021-02-04 is more than 7 days after the last bar (2021-01-27)",
                        "dates[2]: no bar in the 30 days before 2020-11-20"));
    }

    @Test
    void anUnknownModelIsA404AndABarLackingAFieldIsA400NamingIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "X", "model", "other", "bars", List.of(bar("2021-01-04", 1, 1))))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(404).body("detail", equalTo("unknown model 'other'"));
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "X", "model", MODEL, "bars", List.of(Map.of("date", "2021-01-04", "volume", 1.0))))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(400).body("errors", contains("bars[0].adj_close: is required"));
    }
}
