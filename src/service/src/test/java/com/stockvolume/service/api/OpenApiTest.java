package com.stockvolume.service.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.JsonNumbers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.HttpMethod;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.eclipse.microprofile.openapi.annotations.Operation;
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
                .body("paths.'/v1/predictions'.post.responses.'400'.content.'application/problem+json'.examples",
                        notNullValue())
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
            Map<String, Map<String, Object>> requests = doc
                    .getMap(operation + "requestBody.content.'application/json'.examples");
            Map<String, Map<String, Object>> answers = doc
                    .getMap(operation + "responses.'200'.content.'application/json'.examples");
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
    void theDocumentParsesAsOpenApiWithNoMessages() {
        SwaggerParseResult result = parse();
        assertEquals(List.of(), result.getMessages());
        assertTrue(result.getOpenAPI().getPaths().size() >= 18);
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndItsErrorsWithASchema() {
        OpenAPI api = parse().getOpenAPI();
        Set<String> ids = new HashSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String where = method + " " + path;
            assertNotNull(operation.getOperationId(), where);
            assertTrue(ids.add(operation.getOperationId()), "operationId twice: " + operation.getOperationId());
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("4") || status.startsWith("5")) {
                    assertNotNull(response.getContent(), where + " " + status + " has a body schema");
                    response.getContent().forEach((type, media) -> assertNotNull(media.getSchema(), where + " " + status));
                }
            });
        }));
        assertStatuses(api, "/v2/models/{name}/infer", PathItem.HttpMethod.POST, "200", "400", "404", "413", "415", "503");
        assertStatuses(api, "/v1/predictions", PathItem.HttpMethod.POST, "200", "400", "413", "415", "503");
        assertStatuses(api, "/predict", PathItem.HttpMethod.GET, "200", "400", "503");
        assertStatuses(api, "/admin/models/{name}/reload", PathItem.HttpMethod.POST, "200", "401", "403", "404", "422");
        assertStatuses(api, "/v2/health/live", PathItem.HttpMethod.GET, "200");
        // under /v2 the protocol's {"error"}, elsewhere RFC 9457 problems; a 503 says when to retry
        ApiResponse v2 = operation(api, "/v2/models/{name}/infer", PathItem.HttpMethod.POST).getResponses().get("400");
        assertEquals("#/components/schemas/V2Error", v2.getContent().get("application/json").getSchema().get$ref());
        ApiResponse v1 = operation(api, "/v1/models/{name}", PathItem.HttpMethod.GET).getResponses().get("404");
        assertEquals("#/components/schemas/Problem", v1.getContent().get("application/problem+json").getSchema().get$ref());
        assertNotNull(operation(api, "/v2/models/{name}/infer", PathItem.HttpMethod.POST).getResponses().get("503")
                .getHeaders().get("Retry-After"));
        assertEquals(List.of("error"), api.getComponents().getSchemas().get("V2Error").getRequired());
    }

    @Test
    void tensorsAndDatesAreSchemasARequestCanSatisfy() {
        Map<String, Schema> schemas = parse().getOpenAPI().getComponents().getSchemas();
        assertEquals(List.of("inputs"), schemas.get("InferRequest").getRequired());
        Schema<?> input = schemas.get("Input");
        assertEquals(Set.of("name", "shape", "datatype"), Set.copyOf(input.getRequired()));
        assertEquals("#/components/schemas/TensorData",
                ((Schema<?>) input.getProperties().get("data")).get$ref());
        assertEquals("#/components/schemas/TensorShape",
                ((Schema<?>) input.getProperties().get("shape")).get$ref());
        // data: numbers, flat or nested one level, never an object (Jackson's JsonNode was documented before)
        Schema<?> items = schemas.get("TensorData").getItems();
        assertEquals(Set.of("number"), items.getAnyOf().get(0).getTypes());
        assertEquals(Set.of("array"), items.getAnyOf().get(1).getTypes());
        assertEquals(Set.of("number"), items.getAnyOf().get(1).getItems().getTypes());
        assertEquals(Set.of("integer"), schemas.get("TensorShape").getItems().getTypes());
        assertFalse(schemas.containsKey("JsonNode"), "no Jackson type is documented");
        // dates: "all" or a list of dates; the property has no type of its own to contradict either
        Schema<?> dates = (Schema<?>) schemas.get("BarsRequest")
                .getProperties().get("dates");
        assertEquals("#/components/schemas/Dates", dates.get$ref());
        assertNull(dates.getTypes());
        List<Schema> anyOf = schemas.get("Dates").getAnyOf();
        assertEquals(List.of("all"), anyOf.get(0).getEnum());
        assertEquals("date", anyOf.get(1).getItems().getFormat());
    }

    /** What Swagger UI's "Try it out" sends with the documented examples: every operation must answer 200. */
    @Test
    @SuppressWarnings("unchecked")
    void swaggerUisExampleRequestsSucceed() {
        JsonPath doc = document();
        Map<String, Map<String, Map<String, Object>>> paths = doc.getMap("paths");
        List<String> sent = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (path.startsWith("/admin/")) {
                return; // off without a token; AdminAuthTest sends them
            }
            if (path.endsWith("/comparison")) {
                return; // 404 until a canary or shadow of the version has been compared: ShadowTest asks it then
            }
            var request = given();
            String url = path;
            for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
                Object example = parameter.get("example");
                assertNotNull(example, method + " " + path + " parameter " + parameter.get("name") + " has an example");
                if ("path".equals(parameter.get("in"))) {
                    url = url.replace("{" + parameter.get("name") + "}", example.toString());
                } else if ("query".equals(parameter.get("in"))) {
                    request.queryParam((String) parameter.get("name"), example);
                }
            }
            Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
            if (body != null) {
                Map<String, Map<String, Object>> examples = (Map<String, Map<String, Object>>) ((Map<String, Object>) ((Map<String, Object>) body
                        .get("content")).get("application/json")).get("examples");
                assertNotNull(examples, method + " " + path + " has a request example");
                request.contentType(ContentType.JSON).body(examples.values().iterator().next().get("value"));
            }
            int status = request.when().request(method.toUpperCase(), url).then().extract().statusCode();
            assertEquals(200, status, method + " " + url);
            sent.add(method + " " + url);
        }));
        assertTrue(sent.size() >= 16, "sent: " + sent);
    }

    private static SwaggerParseResult parse() {
        String json = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200).extract().asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(json, null, options);
    }

    private static io.swagger.v3.oas.models.Operation operation(OpenAPI api, String path, PathItem.HttpMethod method) {
        return api.getPaths().get(path).readOperationsMap().get(method);
    }

    private static void assertStatuses(OpenAPI api, String path, PathItem.HttpMethod method, String... statuses) {
        assertEquals(new TreeSet<>(List.of(statuses)), new TreeSet<>(operation(api, path, method).getResponses().keySet()),
                method + " " + path);
    }

    @Test
    void servesSwaggerUi() {
        given().when().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }
}
