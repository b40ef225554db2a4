package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A model's own policy (model.policy.<name>) overrides model.versions for it alone. */
@QuarkusTest
@TestProfile(PerModelPolicyTest.AllOfStockVolume.class)
class PerModelPolicyTest {

    public static class AllOfStockVolume implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("model.policy.stock-volume", "all");
        }
    }

    @Test
    void stockVolumeServesEveryVersionWhileTheForecastServesItsLatest() {
        given().when().get("/v1/models")
                .then().statusCode(200)
                .body("find { it.name == 'stock-volume' }.versions", contains("1", "2"))
                .body("find { it.name == 'stock-volume' }.policy", equalTo("all"))
                .body("find { it.name == 'stock-volume' }.version", equalTo("2"))
                .body("find { it.name == 'stock-volume-forecast' }.versions", contains("2"))
                .body("find { it.name == 'stock-volume-forecast' }.policy", equalTo("latest"));
        given().when().get("/v2/models/stock-volume/versions/1/ready").then().statusCode(200);
    }
}
