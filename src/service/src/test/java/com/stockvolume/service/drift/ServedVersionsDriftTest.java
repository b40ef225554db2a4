package com.stockvolume.service.drift;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.card.ModelCard;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.Metrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every version the service serves by default (the committed repository, latest of each model) has a
 * training reference in its card, so each of its inputs has a PSI meter, a number once rows came in.
 */
@QuarkusTest
class ServedVersionsDriftTest {

    @Inject
    ModelRegistry registry;

    @Test
    void everyVersionServedByDefaultExportsEachInputsDrift() throws InterruptedException {
        assertEquals(Set.of("stock-volume", "stock-volume-forecast"), registry.current().keySet());
        List<String> series = new ArrayList<>();
        registry.current().forEach((name, versions) -> {
            LoadedModel model = versions.defaultModel();
            ModelCard card = model.card();
            // the card's own sample rows, in requests of 20, until the sample holds what a PSI needs (a request adds at
            // most InputDrift.ROWS_PER_REQUEST rows to it)
            List<double[]> rows = card.samples().stream().map(ModelCard.Sample::features).toList();
            for (int sent = 0; sent < InputDrift.MIN_ROWS + rows.size(); sent += rows.size()) {
                given().contentType(ContentType.JSON).body(Map.of("inputs", List.of(Map.of("name", "features", "datatype",
                        "FP64", "shape", List.of(rows.size(), rows.get(0).length), "data", rows)))).when()
                        .post("/v2/models/" + name + "/versions/" + model.version() + "/infer").then().statusCode(200);
            }
            for (ModelCard.FeatureSpec feature : card.features()) {
                series.add("model_input_psi{feature=\"" + feature.name() + "\",model=\"" + name + "\",version=\""
                        + model.version() + "\"}");
            }
        });
        // the card's samples are not its training distribution, so the values are whatever they are: finite and >= 0
        Conditions.waitUntil(() -> {
            String scrape = Metrics.scrape();
            return series.stream().allMatch(s -> scrape.lines().anyMatch(line -> line.startsWith(s + " ")
                    && Double.parseDouble(line.substring(s.length() + 1).split(" ")[0]) >= 0));
        });
    }
}
