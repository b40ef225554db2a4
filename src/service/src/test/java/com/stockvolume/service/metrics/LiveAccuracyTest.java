package com.stockvolume.service.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Live accuracy: from-bars answers checked against the actual volumes in the request's own bars, as
 * counters Prometheus turns into MAE and WAPE, and as figures in GET /v1/models/{name}.
 */
@QuarkusTest
class LiveAccuracyTest {

    private static final String FORECAST = "stock-volume-forecast";

    private static JsonPath post(Map<String, Object> body) {
        return JsonNumbers.doubles(given().contentType(ContentType.JSON).body(body)
                .when().post("/v1/predictions/from-bars").then().statusCode(200).extract().asString());
    }

    private static String series(String metric, String model, String version) {
        return metric + "{model=\"" + model + "\",version=\"" + version + "\"}";
    }

    /** The change of each live counter of a version between two scrapes: checks, absolute error, actual volume. */
    private static double[] change(String before, String after, String model, String version) {
        String[] metrics = {"model_live_checks_total", "model_live_absolute_error_total", "model_live_actual_volume_total",
                "model_live_absolute_percentage_error_percent_count", "model_live_absolute_percentage_error_percent_sum"};
        double[] change = new double[metrics.length];
        for (int i = 0; i < metrics.length; i++) {
            String s = series(metrics[i], model, version);
            change[i] = Metrics.value(after, s) - Metrics.value(before, s);
        }
        return change;
    }

    /** A histogram bucket's count: the labels of the bucket line in any order, an exemplar after it or not. */
    private static double bucket(String scrape, String model, String version, String le) {
        Matcher m = Pattern.compile("(?m)^model_live_absolute_percentage_error_percent_bucket\\{([^}]*)\\} (\\S+)( # \\{.*)?$")
                .matcher(scrape);
        while (m.find()) {
            List<String> labels = List.of(m.group(1).split(","));
            if (labels.contains("le=\"" + le + "\"") && labels.contains("model=\"" + model + "\"")
                    && labels.contains("version=\"" + version + "\"")) {
                return Double.parseDouble(m.group(2));
            }
        }
        throw new AssertionError("no bucket le=" + le + " for " + model + " " + version);
    }

    @Test
    void aSameDayModelsAnswersAreCheckedAgainstTheirOwnBarsVolumes() {
        List<Map<String, Object>> bars = Bars.aapl();
        Map<String, Double> actual = new HashMap<>();
        bars.forEach(b -> actual.put((String) b.get("date"), (Double) b.get("volume")));
        String before = Metrics.scrape();
        JsonPath answer = post(Map.of("symbol", "AAPL", "bars", bars, "dates", "all"));
        String after = Metrics.scrape();

        String version = answer.getString("model.version");
        double absoluteError = 0;
        double actualVolume = 0;
        double apeSum = 0;
        int withinHalf = 0;
        List<Map<String, Object>> predictions = answer.getList("predictions");
        for (Map<String, Object> p : predictions) {
            double a = actual.get((String) p.get("date"));
            double error = Math.abs(a - (Double) p.get("volume"));
            absoluteError += error;
            actualVolume += a;
            apeSum += 100 * error / a;
            withinHalf += error / a <= 0.5 ? 1 : 0;
        }
        double[] change = change(before, after, "stock-volume", version);
        assertEquals(predictions.size(), change[0], "one check per answered date");
        assertEquals(absoluteError, change[1], 1e-9 * absoluteError, "sum of |actual - predicted|");
        assertEquals(actualVolume, change[2], 1e-9 * actualVolume, "sum of actual volumes");
        assertEquals(predictions.size(), change[3], "one percentage error per check");
        assertEquals(apeSum, change[4], 1e-9 * apeSum, "sum of 100 |actual - predicted| / actual");
        assertEquals(withinHalf, bucket(after, "stock-volume", version, "50.0")
                - bucket(before, "stock-volume", version, "50.0"), "checks within 50% of the actual volume");
    }

    @Test
    void aForecastIsCheckedOneStepBackOnTheNewestBarWithOneExtraRow() {
        List<Map<String, Object>> bars = Bars.aapl();
        Map<String, Object> newest = bars.stream().max((a, b) -> ((String) a.get("date")).compareTo((String) b.get("date")))
                .orElseThrow();
        double actual = (Double) newest.get("volume");

        String before = Metrics.scrape();
        JsonPath nextDay = post(Map.of("model", FORECAST, "symbol", "AAPL", "bars", bars));
        String afterNextDay = Metrics.scrape();
        String version = nextDay.getString("model.version");
        JsonPath newestDay = post(Map.of("model", FORECAST, "symbol", "AAPL", "bars", bars,
                "dates", List.of(newest.get("date"))));
        String afterNewestDay = Metrics.scrape();

        double forecast = newestDay.getDouble("predictions[0].volume");
        double[] first = change(before, afterNextDay, FORECAST, version);
        assertEquals(1, first[0], "one check: the newest bar");
        assertEquals(Math.abs(actual - forecast), first[1], 1e-9 * actual,
                "the error of the newest bar's forecast from the bars before it");
        assertEquals(actual, first[2], "the newest bar's volume");
        String rows = "predictions_total{endpoint=\"from-bars\",model=\"" + FORECAST + "\",version=\"" + version + "\"}";
        assertEquals(2, Metrics.value(afterNextDay, rows) - Metrics.valueBefore(before, rows),
                "the asked row and the one extra row");

        double[] second = change(afterNextDay, afterNewestDay, FORECAST, version);
        assertEquals(1, second[0], "asking for the newest bar's date checks that answer itself");
        assertEquals(Math.abs(actual - forecast), second[1], 1e-9 * actual);
        assertEquals(1, Metrics.value(afterNewestDay, rows) - Metrics.value(afterNextDay, rows), "no extra row");
    }

    @Test
    void theModelShowsItsLiveFiguresSinceItLoaded() {
        post(Map.of("symbol", "AAPL", "bars", Bars.aapl()));
        String scrape = Metrics.scrape();
        JsonPath model = JsonNumbers.doubles(given().when().get("/v1/models/stock-volume")
                .then().statusCode(200).extract().asString());
        String version = model.getString("version");
        double checks = Metrics.value(scrape, series("model_live_checks_total", "stock-volume", version));
        double absoluteError = Metrics.value(scrape, series("model_live_absolute_error_total", "stock-volume", version));
        double actualVolume = Metrics.value(scrape, series("model_live_actual_volume_total", "stock-volume", version));
        assertTrue(checks >= 1);
        assertEquals(checks, model.getDouble("live.checks"));
        assertEquals(absoluteError / checks, model.getDouble("live.mae"), 1e-9 * absoluteError / checks);
        assertEquals(absoluteError / actualVolume, model.getDouble("live.wape"), 1e-9);
        assertEquals(checks, model.getDouble("versions.find { it.version == '" + version + "' }.live.checks"));
    }

    @Test
    void exportsTheCardsHeldOutErrorsAsTheLevelToExpect() {
        String scrape = Metrics.scrape();
        for (var slice : CommittedModel.CARD.evaluation().slices()) {
            assertEquals(slice.model().mae(), Metrics.value(scrape, "model_heldout_mae{holdout=\"" + slice.holdout()
                    + "\",model=\"stock-volume\",slice=\"" + slice.slice() + "\",version=\"" + CommittedModel.VERSION + "\"}"),
                    slice.holdout() + "/" + slice.slice());
        }
    }
}
