package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.JsonNumbers;
import com.stockvolume.service.support.Management;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Both committed models served side by side from one repository, each under its own name. */
@QuarkusTest
class MultiModelTest {

    static final Path FORECAST = CommittedModel.FORECAST;
    static final Path FIRST_FORECAST = CommittedModel.FIRST_FORECAST;
    static final ModelCard FORECAST_CARD = CommittedModel.read(FORECAST);

    @Test
    void listsEveryModelWithTheDefaultMarked() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("name", contains("stock-volume", "stock-volume-forecast"))
                .body("isDefault", contains(true, false))
                .body("version", contains(CommittedModel.VERSION, "2"))
                .body("[0].kind", equalTo("same-day"))
                .body("[1].kind", equalTo("forecast"))
                .body("[0].inputs", equalTo(WindowFeatures.FEATURE_NAMES))
                .body("[1].inputs", equalTo(ForecastFeatures.FEATURE_NAMES))
                .body("[1].policy", equalTo("latest"));
    }

    @Test
    void theForecastModelHasItsOwnCardAndSignature() {
        given().when().get("/v1/models/stock-volume-forecast")
                .then().statusCode(200)
                .body("name", equalTo("stock-volume-forecast"))
                .body("version", equalTo("2"))
                .body("label", equalTo("Volume / vol_mean_30d"))
                .body("sha256", equalTo(FORECAST_CARD.sha256()));
        given().when().get("/v2/models/stock-volume-forecast")
                .then().statusCode(200)
                .body("versions", contains("2"))
                .body("inputs[0].shape", contains(-1, ForecastFeatures.COLUMNS));
    }

    @Test
    void theOpenInferenceProtocolServesTheForecastOnItsSampleRows() {
        List<ModelCard.Sample> samples = FORECAST_CARD.samples();
        double[] rows = samples.stream().flatMapToDouble(s -> Arrays.stream(s.features())).toArray();
        JsonPath answer = JsonNumbers.doubles(given().contentType(ContentType.JSON)
                .body(Bodies.infer(rows, ForecastFeatures.COLUMNS, "FP64"))
                .when().post("/v2/models/stock-volume-forecast/infer")
                .then().statusCode(200).extract().asString());
        assertEquals("stock-volume-forecast", answer.getString("model_name"));
        assertEquals("2", answer.getString("model_version"));
        List<Double> volumes = answer.getList("outputs[0].data", Double.class);
        for (int i = 0; i < samples.size(); i++) {
            assertTrue(Parity.relativeError(volumes.get(i), samples.get(i).prediction()) <= 1e-9, "sample " + i);
        }
    }

    @Test
    void aRowOfTheOtherModelsWidthIsA400NamingTheShape() {
        given().contentType(ContentType.JSON)
                .body(Bodies.infer(new double[]{1000.0, 12.0}, 2, "FP64"))
                .when().post("/v2/models/stock-volume-forecast/infer")
                .then().statusCode(400);
    }

    @Test
    void theOriginalEndpointsKeepServingStockVolume() {
        given().contentType(ContentType.JSON).body(Bodies.instances(1))
                .when().post("/v1/predictions")
                .then().statusCode(200).body("model.name", equalTo("stock-volume"))
                .body("model.version", equalTo(CommittedModel.VERSION));
    }

    @Test
    void readinessNamesEveryModelsVersionAndMetricsLabelThem() {
        Management.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'model' }.data.models",
                        equalTo("stock-volume:" + CommittedModel.VERSION + ",stock-volume-forecast:2"));
        String scrape = Metrics.scrape();
        assertEquals(1.0, Metrics.value(scrape, "model_info{name=\"stock-volume-forecast\",sha256=\""
                + FORECAST_CARD.sha256() + "\",version=\"2\"}"));
        assertEquals(0.0, Metrics.value(scrape, "model_reload_failures_total{model=\"stock-volume-forecast\"}"));
    }
}
