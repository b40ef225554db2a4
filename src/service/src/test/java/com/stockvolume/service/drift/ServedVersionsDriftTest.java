package com.stockvolume.service.drift;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every version the service serves by default (the committed repository, latest of each model) has a
 * training reference in its card, so each of its inputs has a PSI meter, a number once rows came in.
 */
@QuarkusTest
class ServedVersionsDriftTest {

    @Test
    void everyVersionServedByDefaultExportsEachInputsDrift() throws InterruptedException {
        List<String> names = given().when().get("/v1/models").then().statusCode(200).extract().jsonPath().getList("name");
        assertEquals(List.of("stock-volume", "stock-volume-forecast"), names.stream().sorted().toList());
        List<String> series = new ArrayList<>();
        for (String name : names) {
            JsonPath served = given().when().get("/v1/models/" + name).then().statusCode(200).extract().jsonPath()
                    .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
            String version = served.getString("version");
            List<List<Double>> rows = served.getList("samples.features");
            // the card's own sample rows, in requests of 20, until the sample holds what a PSI needs (a request adds
            // at most InputDrift.ROWS_PER_REQUEST rows to it)
            for (int sent = 0; sent < InputDrift.MIN_ROWS + rows.size(); sent += rows.size()) {
                given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "features", "datatype",
                        "FP64", "shape", List.of(rows.size(), rows.get(0).size()), "data", rows)))).when()
                        .post("/v2/models/" + name + "/versions/" + version + "/infer").then().statusCode(200);
            }
            for (String feature : served.<String>getList("features.name")) {
                series.add("model_input_psi{feature=\"" + feature + "\",model=\"" + name + "\",version=\"" + version + "\"}");
            }
        }
        // the card's samples are not its training distribution, so the values are whatever they are: finite and >= 0
        Conditions.waitUntil(() -> {
            String scrape = Metrics.scrape();
            return series.stream().allMatch(s -> scrape.lines().anyMatch(line -> line.startsWith(s + " ")
                    && Double.parseDouble(line.substring(s.length() + 1).split(" ")[0]) >= 0));
        });
    }
}
