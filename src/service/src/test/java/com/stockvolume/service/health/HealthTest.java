package com.stockvolume.service.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Kubernetes probes on a service whose model loaded. */
@QuarkusTest
class HealthTest {

    @Test
    void isLive() {
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithTheModelItServes() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model"))
                .body("checks.find { it.name == 'model' }.data.version", equalTo(CommittedModel.VERSION))
                .body("checks.find { it.name == 'model' }.data.sha256", equalTo(CommittedModel.CARD.sha256()));
    }

    @Test
    void hasStarted() {
        Management.given().when().get("/q/health/started")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model-load-attempted"));
    }
}
