package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.CommittedModel;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /predict: the original Flask API, answer for answer. */
@QuarkusTest
class LegacyPredictResourceTest {

    @Test
    void answersTheCardsSampleRowsTruncatedTowardZeroAsText() {
        for (Sample sample : CommittedModel.samples()) {
            given().queryParam("vol_moving_avg", Double.toString(sample.features()[0]))
                    .queryParam("adj_close_rolling_med", Double.toString(sample.features()[1]))
                    .when().get("/predict")
                    .then().statusCode(200)
                    .contentType(startsWith("text/plain"))
                    .body(equalTo(Long.toString((long) sample.prediction())));
        }
    }

    @Test
    void acceptsIntegersAndExponents() {
        Sample sample = CommittedModel.samples().get(0);
        String expected = Long.toString((long) sample.prediction());
        given().queryParam("vol_moving_avg", String.format("%.17e", sample.features()[0]))
                .queryParam("adj_close_rolling_med", " " + sample.features()[1] + " ")
                .when().get("/predict")
                .then().statusCode(200).body(equalTo(expected));
    }

    @Test
    void aMissingParameterIsAnsweredAsTheOriginalDid() {
        given().queryParam("vol_moving_avg", "1000")
                .when().get("/predict")
                .then().statusCode(400).contentType(startsWith("text/plain")).body(equalTo("Missing parameters"));
        given().queryParam("adj_close_rolling_med", "12.5")
                .when().get("/predict")
                .then().statusCode(400).body(equalTo("Missing parameters"));
        given().when().get("/predict")
                .then().statusCode(400).body(equalTo("Missing parameters"));
    }

    @Test
    void anEmptyValueCountsAsMissing() {
        given().queryParam("vol_moving_avg", "").queryParam("adj_close_rolling_med", "12.5")
                .when().get("/predict")
                .then().statusCode(400).body(equalTo("Missing parameters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "-0.5", "inf", "NaN", "1e999", " ", "0x10", "12d", "1,5"})
    void aValueThatIsNotAFiniteNumberAtLeastZeroIsNamedWithTheValue(String value) {
        given().queryParam("vol_moving_avg", value).queryParam("adj_close_rolling_med", "12.5")
                .when().get("/predict")
                .then().statusCode(400)
                .contentType(startsWith("text/plain"))
                .body(equalTo("vol_moving_avg: must be a finite number >= 0, got '" + value + "'"));
        given().queryParam("vol_moving_avg", "1000").queryParam("adj_close_rolling_med", value)
                .when().get("/predict")
                .then().statusCode(400)
                .body(equalTo("adj_close_rolling_med: must be a finite number >= 0, got '" + value + "'"));
    }
}
