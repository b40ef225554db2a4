package com.stockvolume.service.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.stockvolume.service.support.CommittedModel;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Without admin.token the admin endpoints are off, whatever a caller sends. */
@QuarkusTest
class AdminOffTest {

    @Test
    void adminCallsAre404UntilATokenIsConfigured() {
        for (String token : new String[]{null, "anything"}) {
            var request = token == null ? given() : given().header("Authorization", "Bearer " + token);
            request.post("/admin/models/stock-volume/reload")
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("detail", equalTo("the admin endpoints are off; set admin.token (env ADMIN_TOKEN) to turn them on"));
        }
        given().get("/v1/models/stock-volume").then().statusCode(200).body("versions.version[0]",
                equalTo(CommittedModel.VERSION));
    }
}
