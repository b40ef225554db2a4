package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.stockvolume.service.support.Bars;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A date whose window is thinner than predictions.min-window-bars is answered with a warning. */
@QuarkusTest
@TestProfile(ThinWindowProfile.class)
class ThinWindowTest {

    @Test
    void aThinWindowIsAnsweredWithAWarningNotSilently() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "AAPL", "bars", Bars.aapl(),
                        "dates", List.of("2020-11-20", "2021-01-27")))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(200)
                .body("predictions[0].window_rows", equalTo(1))
                .body("predictions[0].warning", equalTo("the 30-day window holds 1 bar(s), fewer than 21"
                        + " (predictions.min-window-bars): the features are thin"))
                .body("predictions[1].window_rows", equalTo(20))
                .body("predictions[1].warning", equalTo("the 30-day window holds 20 bar(s), fewer than 21"
                        + " (predictions.min-window-bars): the features are thin"));
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "AAPL", "bars", Bars.aapl(), "dates", List.of("2020-12-31")))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(200)
                .body("predictions[0].window_rows", equalTo(21))
                .body("predictions[0].warning", nullValue());
    }

    @Test
    void aForecastFromAThinHistoryIsAnsweredWithAWarningNotDropped() throws Exception {
        given().contentType(ContentType.JSON)
                .body(Map.of("symbol", "AAPL", "bars", Bars.aapl(), "model", "stock-volume-forecast",
                        "dates", List.of("2020-11-23", "2021-01-28")))
                .when().post("/v1/predictions/from-bars")
                .then().statusCode(200)
                .body("predictions[0].window_rows", equalTo(1))
                .body("predictions[0].warning", equalTo("the 30 days before the date hold 1 bar(s), fewer than 21"
                        + " (predictions.min-window-bars): the features are thin"))
                .body("predictions[1].window_rows", equalTo(20));
    }
}
