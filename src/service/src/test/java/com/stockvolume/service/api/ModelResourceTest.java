package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.service.support.CommittedModel;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** GET /v1/models/{name}: the card as served. */
@QuarkusTest
class ModelResourceTest {

    @Test
    void describesTheServedModelWithItsCard() throws Exception {
        String loadedAt = given().when().get("/v1/models/stock-volume")
                .then().statusCode(200)
                .body("name", equalTo("stock-volume"))
                .body("version", equalTo(CommittedModel.VERSION))
                .body("sha256", equalTo(ModelFiles.sha256(CommittedModel.DIRECTORY.resolve(ModelFiles.MODEL))))
                .body("inputs[0].name", equalTo("features"))
                .body("inputs[0].datatype", equalTo("double"))
                .body("inputs[0].shape", contains(-1, 2))
                .body("inputs[0].columns", contains("vol_moving_avg", "adj_close_rolling_med"))
                .body("outputs[0].name", equalTo("volume"))
                .body("outputs[0].shape", contains(-1, 1))
                .body("metrics.mae", equalTo((float) CommittedModel.CARD.metrics().mae()))
                .body("onnx.operator", equalTo("ai.onnx.ml.TreeEnsemble"))
                .body("onnx.postProcessing", startsWith("Slice, Mul"))
                .body("target", equalTo("Volume"))
                .body("label", equalTo("Volume / vol_moving_avg"))
                .body("evaluation.slices.find { it.holdout == 'symbols' && it.slice == 'all' }.model.mae",
                        equalTo((float) CommittedModel.CARD.metrics().mae()))
                .body("heldOutSymbols.all.mae", equalTo((float) slice("all").model().mae()))
                .body("heldOutSymbols.all.vsOriginal",
                        equalTo((float) (slice("all").model().mae() / slice("all").original().mae())))
                .body("heldOutSymbols.random.mae", equalTo((float) slice("random").model().mae()))
                .body("heldOutSymbols.random.symbols", equalTo(slice("random").symbols()))
                .body("heldOutSymbols.random.vsOriginal",
                        equalTo((float) (slice("random").model().mae() / slice("random").original().mae())))
                .body("heldOutSymbols.random.vsNaive",
                        equalTo((float) (slice("random").model().mae() / slice("random").naive().mae())))
                .body("directory", endsWith("model/stock-volume/" + CommittedModel.VERSION))
                .body("loadedAt", notNullValue())
                .extract().path("loadedAt");
        Instant.parse(loadedAt);
    }

    private static ModelCard.SliceErrors slice(String name) {
        return CommittedModel.CARD.evaluation().slices().stream()
                .filter(s -> s.holdout().equals("symbols") && s.slice().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void anUnknownModelIsA404() {
        given().when().get("/v1/models/other")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", equalTo("unknown model 'other'"));
    }
}
