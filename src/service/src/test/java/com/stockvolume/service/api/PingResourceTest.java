package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PingResourceTest {

    @Test
    void answersPong() {
        given().when().get("/ping")
                .then().statusCode(200).contentType(startsWith("text/plain")).body(equalTo("pong"));
    }
}
