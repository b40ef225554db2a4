package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /v1/predictions/from-bars on real bars: AAPL from 2020-11-20 to 2021-01-27, cut from the shared data. */
@QuarkusTest
class FromBarsResourceTest {

    private static JsonPath post(Object body, int status) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(status).extract().asString();
        return JsonNumbers.doubles(response);
    }

    @Test
    void givesTheTrainersFeaturesAndTheBatchEndpointsPredictionForEveryDate() throws Exception {
        List<Map<String, Object>> bars = Bars.aapl();
        JsonPath answer = post(Map.of("symbol", "AAPL", "bars", bars, "dates", "all"), 200);
        assertEquals("AAPL", answer.getString("symbol"));
        assertEquals("stock-volume", answer.getString("model.name"));

        List<Map<String, Object>> byDate = new ArrayList<>(bars);
        byDate.sort(Comparator.comparing(b -> (String) b.get("date")));
        List<Map<String, Object>> predictions = answer.getList("predictions");
        assertEquals(bars.size(), predictions.size(), "one prediction per date");

        List<Map<String, Object>> instances = new ArrayList<>();
        for (Map<String, Object> p : predictions) {
            instances.add(
                    Map.of("vol_moving_avg", p.get("vol_moving_avg"), "adj_close_rolling_med", p.get("adj_close_rolling_med")));
        }
        List<Double> batch = JsonNumbers.doubles(given().contentType(ContentType.JSON).body(Map.of("instances", instances))
                .when().post("/v1/predictions").then().statusCode(200).extract().asString())
                .getList("predictions.volume", Double.class);

        for (int i = 0; i < byDate.size(); i++) {
            Map<String, Object> p = predictions.get(i);
            String date = (String) byDate.get(i).get("date");
            double[] expected = referenceWindow(byDate, LocalDate.parse(date));
            assertEquals(date, p.get("date"));
            assertClose(expected[0], (Double) p.get("vol_moving_avg"), "vol_moving_avg of " + date);
            assertClose(expected[1], (Double) p.get("adj_close_rolling_med"), "adj_close_rolling_med of " + date);
            assertEquals((int) expected[2], ((Number) p.get("window_rows")).intValue(), "window_rows of " + date);
            assertEquals(batch.get(i), p.get("volume"), "the prediction for " + date);
        }
    }

    /**
     * {mean Volume, median Adj Close, count} over the bars dated in [day - 29 days, day], written
     * plainly from the original SQL's definition (AVG and QUANTILE_CONT 0.5 over a 29-day RANGE), not
     * with WindowFeatures, the code under test.
     */
    private static double[] referenceWindow(List<Map<String, Object>> bars, LocalDate day) {
        List<Double> volumes = new ArrayList<>();
        List<Double> prices = new ArrayList<>();
        for (Map<String, Object> bar : bars) {
            LocalDate date = LocalDate.parse((String) bar.get("date"));
            if (!date.isAfter(day) && !date.isBefore(day.minusDays(29))) {
                volumes.add((Double) bar.get("volume"));
                prices.add((Double) bar.get("adj_close"));
            }
        }
        Collections.sort(prices);
        int n = prices.size();
        double lo = prices.get((n - 1) / 2);
        double hi = prices.get(n / 2);
        double mean = volumes.stream().mapToDouble(Double::doubleValue).sum() / n;
        return new double[]{mean, lo + (hi - lo) * 0.5, n};
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.abs(expected), what);
    }

    @Test
    void theLatestDateMatchesTheTrainerOnTheFullDataset() throws Exception {
        // `stock-volume-trainer features` over ../shared/data/stock-market-dataset gives, for AAPL on
        // 2021-01-27: vol_moving_avg 1.1182235795E8, adj_close_rolling_med 131.5199966430664, 20 bars.
        // The window [2020-12-29, 2021-01-27] lies wholly inside the fixture, so the cut agrees.
        JsonPath answer = post(Map.of("symbol", "AAPL", "bars", Bars.aapl()), 200);
        assertEquals(1, answer.getList("predictions").size());
        assertEquals("2021-01-27", answer.getString("predictions[0].date"));
        assertEquals(1.1182235795E8, answer.getDouble("predictions[0].vol_moving_avg"));
        assertEquals(131.5199966430664, answer.getDouble("predictions[0].adj_close_rolling_med"));
        assertEquals(20, answer.getInt("predictions[0].window_rows"));
        assertNull(answer.get("predictions[0].warning"));
    }

    @Test
    void asksForDatesInTheirOrder() throws Exception {
        JsonPath answer = post(Map.of("symbol", "AAPL", "bars", Bars.aapl(), "dates", List.of("2021-01-04", "2020-12-01")),
                200);
        assertEquals(List.of("2021-01-04", "2020-12-01"), answer.getList("predictions.date"));
    }

    @Test
    void badBarsAreNamedInAProblem() {
        String body = """
                {"symbol": "XYZ", "bars": [
                  {"date": "2021-01-04", "adj_close": 10, "volume": 100},
                  {"date": "2021-01-04", "adj_close": 11, "volume": 110},
                  {"date": "2021-01-05", "adj_close": -1, "volume": 100}],
                 "dates": ["2021-01-06"]}""";
        given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors", contains(
                        "bars[1].date: 2021-01-04 appears twice (also bars[0])",
                        "bars[2].adj_close: must be a finite number >= 0"));
        given().contentType(ContentType.JSON)
                .body("{\"symbol\":\"XYZ\",\"bars\":[{\"date\":\"2021-01-04\",\"adj_close\":1,\"volume\":1}],\"dates\":[\"2021-01-06\"]}")
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(400)
                .body("errors", contains("dates[0]: no bar on 2021-01-06"));
    }

    @Test
    void moreBarsThanTheLimitAreA413LikeMoreRowsAnywhere() {
        StringBuilder body = new StringBuilder("{\"symbol\":\"XYZ\",\"bars\":[");
        LocalDate day = LocalDate.of(1950, 1, 1);
        for (int i = 0; i < 20_001; i++) {
            body.append(i == 0 ? "" : ",").append("{\"date\":\"").append(day.plusDays(i))
                    .append("\",\"adj_close\":1,\"volume\":1}");
        }
        given().contentType(ContentType.JSON).body(body.append("]}").toString())
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(413)
                .body("type", equalTo("/problems/too-many-rows"))
                .body("errors", contains("bars: 20001 bars; at most 20000 are accepted (predictions.max-bars)"));
    }

    @Test
    void countsItsPredictionsUnderItsOwnEndpoint() throws Exception {
        String series = "predictions_total{endpoint=\"from-bars\",model=\"stock-volume\",version=\"" + CommittedModel.VERSION
                + "\"}";
        double before = Metrics.valueBefore(Metrics.scrape(), series);
        List<Map<String, Object>> bars = Bars.aapl();
        post(Map.of("symbol", "AAPL", "bars", bars, "dates", "all"), 200);
        assertEquals(bars.size(), Metrics.value(Metrics.scrape(), series) - before, "one prediction per bar");
    }
}
