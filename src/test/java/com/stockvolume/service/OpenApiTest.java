package com.stockvolume.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and Swagger UI, with examples for requests and responses. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsEveryEndpointWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/predict'.get.parameters.name", org.hamcrest.Matchers.hasItems("vol_moving_avg", "adj_close_rolling_med"))
                .body("paths.'/v1/predictions'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/predictions'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/predictions'.post.responses.'400'.content.'application/problem+json'.examples", notNullValue())
                .body("paths.'/v1/models/{name}'.get", notNullValue());
    }

    @Test
    void servesSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
