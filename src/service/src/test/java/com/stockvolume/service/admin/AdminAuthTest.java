package com.stockvolume.service.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.model.ReloadProfile;
import com.stockvolume.service.support.FailureAnswers;
import com.stockvolume.service.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With admin.token set, admin calls need it as a bearer token; the token is never echoed. */
@QuarkusTest
@TestProfile(ReloadProfile.class)
class AdminAuthTest {

    private static final List<String> ADMIN_CALLS = List.of(
            "POST /admin/models/stock-volume/reload",
            "POST /admin/models/stock-volume/versions/1/default",
            "DELETE /admin/models/stock-volume/default");

    @Test
    void withoutATokenEveryAdminCallIs401() {
        for (String call : ADMIN_CALLS) {
            String[] methodAndPath = call.split(" ");
            given().request(methodAndPath[0], methodAndPath[1])
                    .then().statusCode(401)
                    .contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer realm=\"admin\"")
                    .body("detail", equalTo("send the admin token as 'Authorization: Bearer <token>'"));
        }
        given().header("Authorization", "Basic " + ReloadProfile.TOKEN).post("/admin/models/stock-volume/reload")
                .then().statusCode(401);
        given().header("Authorization", "Bearer ").post("/admin/models/stock-volume/reload").then().statusCode(401);
        FailureAnswers.assertAnswers(Failure.UNAUTHORIZED, given().post("/admin/models/stock-volume/reload"));
        FailureAnswers.assertAnswers(Failure.FORBIDDEN,
                given().header("Authorization", "Bearer wrong").post("/admin/models/stock-volume/reload"));
    }

    @Test
    void withAWrongTokenEveryAdminCallIs403() {
        for (String wrong : List.of("wrong", ReloadProfile.TOKEN + "x", ReloadProfile.TOKEN.substring(1))) {
            for (String call : ADMIN_CALLS) {
                String[] methodAndPath = call.split(" ");
                given().header("Authorization", "Bearer " + wrong).request(methodAndPath[0], methodAndPath[1])
                        .then().statusCode(403)
                        .body("detail", equalTo("the admin token is not valid"))
                        .body(not(containsString(ReloadProfile.TOKEN)));
            }
        }
    }

    @Test
    void theRightTokenIsAccepted() {
        given().header("Authorization", "bearer " + ReloadProfile.TOKEN).post("/admin/models/stock-volume/reload")
                .then().statusCode(200)
                .body("versions", contains("1"))
                .body(not(containsString(ReloadProfile.TOKEN)));
    }

    @Test
    void neitherTheTokenNorAWrongOneAppearsInAnyMetric() {
        String wrong = "wrong-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + ReloadProfile.TOKEN).post("/admin/models/stock-volume/reload")
                .then().statusCode(200);
        given().header("Authorization", "Bearer " + wrong).post("/admin/models/stock-volume/reload")
                .then().statusCode(403);
        Management.given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count")) // the requests above were counted
                .body(not(containsString(ReloadProfile.TOKEN)))
                .body(not(containsString(wrong)));
    }
}
