package com.stockvolume.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and Swagger UI, with examples for requests and responses. */
@QuarkusTest
class OpenApiTest {

    private static JsonPath document() {
        return given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every resource method of the service's compiled classes, as "get /v2/models/{name}". */
    static List<String> endpoints() throws IOException, ClassNotFoundException {
        Path classes = Path.of("target", "classes");
        List<String> endpoints = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes.resolve("com/stockvolume/service"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, OpenApiTest.class.getClassLoader());
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    Operation operation = method.getAnnotation(Operation.class);
                    if (operation != null && operation.hidden()) {
                        continue; // another media type of a documented operation (binary tensor data)
                    }
                    for (Annotation annotation : method.getAnnotations()) {
                        HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
                        if (verb != null) {
                            jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                            endpoints.add(verb.value().toLowerCase() + " " + base.value() + (sub == null ? "" : sub.value()));
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    @Test
    void documentsEveryEndpointOfEveryResource() throws Exception {
        List<String> endpoints = endpoints();
        assertTrue(endpoints.size() >= 18, "the scan found the resources: " + endpoints);
        JsonPath doc = document();
        List<String> missing = new ArrayList<>();
        for (String endpoint : endpoints) {
            String[] verbAndPath = endpoint.split(" ");
            Object operation = doc.get("paths.'" + verbAndPath[1] + "'." + verbAndPath[0]);
            if (operation == null || doc.get("paths.'" + verbAndPath[1] + "'." + verbAndPath[0] + ".summary") == null) {
                missing.add(endpoint);
            }
        }
        assertEquals(List.of(), missing, "endpoints without a documented operation and summary");
        assertEquals(new TreeSet<>(endpoints).size(), endpoints.size(), "no endpoint twice");
    }

    @Test
    void documentsTheBatchEndpointsWithExamples() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.'/predict'.get.parameters.name", hasItems("vol_moving_avg", "adj_close_rolling_med"))
                .body("paths.'/v1/predictions'.post.requestBody.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/predictions'.post.responses.'200'.content.'application/json'.examples", notNullValue())
                .body("paths.'/v1/predictions'.post.responses.'400'.content.'application/problem+json'.examples", notNullValue())
                .body("paths.'/v1/predictions/from-bars'.post.requestBody.content.'application/json'.examples", notNullValue());
    }

    /** What a reader copies from Swagger UI must give the documented answer, for the model served now. */
    @Test
    @SuppressWarnings("unchecked")
    void theDocumentedExamplesAreWhatTheServiceAnswers() {
        JsonPath doc = JsonNumbers.doubles(given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().asString());
        for (String path : List.of("/v1/predictions", "/v1/predictions/from-bars")) {
            String operation = "paths.'" + path + "'.post.";
            Map<String, Map<String, Object>> requests = doc.getMap(operation + "requestBody.content.'application/json'.examples");
            Map<String, Map<String, Object>> answers = doc.getMap(operation + "responses.'200'.content.'application/json'.examples");
            Object request = requests.values().iterator().next().get("value");
            Object documented = answers.values().iterator().next().get("value");
            String actual = given().contentType(ContentType.JSON).body(request).when().post(path)
                    .then().statusCode(200).extract().asString();
            assertEquals(documented, JsonNumbers.doubles(actual).get("$"), path);
        }
        List<Map<String, Object>> parameters = doc.getList("paths.'/predict'.get.parameters");
        var query = given();
        parameters.forEach(p -> query.queryParam((String) p.get("name"), p.get("example")));
        assertEquals(doc.getString("paths.'/predict'.get.responses.'200'.content.'text/plain'.examples.volume.value"),
                query.when().get("/predict").then().statusCode(200).extract().asString());
    }

    @Test
    void servesSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
