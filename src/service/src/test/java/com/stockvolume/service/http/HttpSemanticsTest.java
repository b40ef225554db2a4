package com.stockvolume.service.http;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * What HTTP itself promises beside each endpoint (RFC 9110): a 405 lists the methods the path
 * allows, OPTIONS answers exactly those, and a body in a content coding the service does not read
 * is a 415 naming it.
 */
@QuarkusTest
class HttpSemanticsTest {

    @Test
    void aMethodThePathDoesNotAllowIs405WithTheAllowedOnes() {
        given().when().put("/v1/models").then().statusCode(405)
                .header("Allow", "GET, HEAD, OPTIONS")
                .contentType("application/problem+json")
                .body("detail", equalTo("method not allowed here; allowed: GET, HEAD, OPTIONS"));
        given().when().get("/v2/models/stock-volume/infer").then().statusCode(405)
                .header("Allow", "OPTIONS, POST")
                .body("error", equalTo("method not allowed here; allowed: OPTIONS, POST"));
        given().when().get("/admin/models/stock-volume/default").then().statusCode(405)
                .header("Allow", "DELETE, OPTIONS");
    }

    @Test
    void optionsListsExactlyThePathsMethods() {
        given().when().options("/v1/predictions").then().statusCode(200).header("Allow", "OPTIONS, POST");
        given().when().options("/v2").then().statusCode(200).header("Allow", "GET, HEAD, OPTIONS");
        given().when().options("/v2/models/stock-volume/versions/2/ready").then().statusCode(200)
                .header("Allow", "GET, HEAD, OPTIONS");
        given().when().options("/no/such/path").then().statusCode(404);
    }

    @Test
    void aCompressedBodyIs415NamingItsEncoding() {
        given().contentType(ContentType.JSON).header("Content-Encoding", "gzip").body(new byte[]{31, -117, 8, 0})
                .when().post("/v1/predictions").then().statusCode(415)
                .body("detail", equalTo("Content-Encoding 'gzip' is not supported; send the body uncompressed"));
        given().contentType(ContentType.JSON).header("Content-Encoding", "deflate").body("{}")
                .when().post("/v2/models/stock-volume/infer").then().statusCode(415)
                .body("error", equalTo("Content-Encoding 'deflate' is not supported; send the body uncompressed"));
    }
}
