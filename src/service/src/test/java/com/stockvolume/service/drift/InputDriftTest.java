package com.stockvolume.service.drift;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * model_input_psi: inputs drawn like the card's reference keep every feature's PSI below 0.1; inputs
 * shifted away from it raise it above 0.25, once they fill the sliding sample.
 */
@QuarkusTest
@TestProfile(DriftProfile.class)
class InputDriftTest {

    private static String series(String feature) {
        return "model_input_psi{feature=\"" + feature + "\",model=\"stock-volume\",version=\"" + CommittedModel.VERSION
                + "\"}";
    }

    /** The feature's PSI now: NaN until the sample holds enough rows (the series exists from the start). */
    private static double psi(String feature) {
        String line = Metrics.scrape().lines().filter(l -> l.startsWith(series(feature) + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series(feature)));
        return Double.parseDouble(line.split(" ")[1]);
    }

    /** Sends {@code batches} batches of 60 rows, each feature uniform over its range times {@code scale}. */
    private static void send(Random random, int batches, double scale) {
        for (int b = 0; b < batches; b++) {
            List<Map<String, Object>> instances = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                double[] row = new double[2];
                for (int f = 0; f < 2; f++) {
                    double[] range = DriftProfile.RANGES[f];
                    row[f] = scale * (range[0] + random.nextDouble() * (range[1] - range[0]));
                }
                instances.add(Map.of("vol_moving_avg", row[0], "adj_close_rolling_med", row[1]));
            }
            given().contentType(ContentType.JSON).body(Map.of("instances", instances))
                    .when().post("/v1/predictions").then().statusCode(200);
        }
    }

    @Test
    void psiStaysLowForInputsLikeTheTrainingDataAndRisesForShiftedOnes() throws Exception {
        Random random = new Random(26);
        send(random, 70, 1); // 4,200 rows: the whole sample
        Conditions.waitUntil(() -> psi("vol_moving_avg") < 0.1 && psi("adj_close_rolling_med") < 0.1);

        send(random, 70, 3); // every value three times its training level: the sample holds only these
        Conditions.waitUntil(() -> psi("vol_moving_avg") > 0.25 && psi("adj_close_rolling_med") > 0.25);
        assertEquals(2, Metrics.scrape().lines().filter(l -> l.startsWith("model_input_psi{")).count(),
                "one series per feature of the one version with reference quantiles");
    }
}
