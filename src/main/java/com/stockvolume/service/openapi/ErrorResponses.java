package com.stockvolume.service.openapi;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every error an operation can answer, in the document, by one rule for all operations rather
 * than a dozen annotations on each: 400 where it reads a body or a query, 401 and 403 on the admin
 * endpoints, 404 where the path names a model or version (and on the admin endpoints while they are
 * off), 413 and 415 where it reads a body, 503 with Retry-After where it needs a model or passes
 * admission control. The body is {"error"} under /v2 (the Open Inference Protocol's), an RFC 9457
 * problem elsewhere. A response an operation declares itself keeps its description; it gains the
 * schema. Path parameters get the examples Swagger UI fills in.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ErrorResponses implements OASFilter {

    /** Operations that answer whatever the load and the models: server metadata and liveness. */
    private static final Set<String> ALWAYS_UP = Set.of("/ping", "/v2", "/v2/health/live", "/v1/models");

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "400", "A malformed request; the message names the field or parameter",
            "401", "No admin bearer token",
            "403", "A wrong admin bearer token",
            "404", "No such model or version (or, on /admin, the admin endpoints are off)",
            "413", "Too large a body, or more rows than predictions.max-instances",
            "415", "A body of a media type the operation does not read",
            "503", "No model is loaded, or the service is shedding load: retry after Retry-After seconds");

    /** Path parameter examples that the committed model repository serves (OpenApiTest sends them). */
    static final Map<String, String> PATH_EXAMPLES = Map.of("name", "stock-volume", "version", "2");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach(
                (path, item) -> item.getOperations().forEach((method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean v2 = path.equals("/v2") || path.startsWith("/v2/");
        boolean admin = path.startsWith("/admin/");
        boolean body = operation.getRequestBody() != null;
        boolean query = operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        Map<String, Boolean> applies = new LinkedHashMap<>();
        applies.put("400", body || query);
        applies.put("401", admin);
        applies.put("403", admin);
        applies.put("404", admin || path.contains("{"));
        applies.put("413", body);
        applies.put("415", body);
        applies.put("503", !admin && !ALWAYS_UP.contains(path));
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        applies.forEach((status, yes) -> {
            if (yes && !responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(DESCRIPTIONS.get(status)));
            }
        });
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                withErrorBody(response, v2);
                if (status.equals("503") && !path.endsWith("/ready")
                        && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                    response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema()
                                    .addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER)));
                }
            }
        });
        if (operation.getParameters() != null) {
            for (Parameter parameter : operation.getParameters()) {
                if (parameter.getIn() == Parameter.In.PATH && parameter.getExample() == null
                        && PATH_EXAMPLES.containsKey(parameter.getName())) {
                    parameter.setExample(PATH_EXAMPLES.get(parameter.getName()));
                }
            }
        }
    }

    /** The error body's schema, unless the operation documents its own (e.g. readiness's {"ready": false}). */
    private static void withErrorBody(APIResponse response, boolean v2) {
        String mediaType = v2 ? "application/json" : "application/problem+json";
        String schema = v2 ? "#/components/schemas/V2Error" : "#/components/schemas/Problem";
        Content content = response.getContent();
        if (content == null || content.getMediaTypes() == null || content.getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(mediaType,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(schema))));
            return;
        }
        content.getMediaTypes().forEach((type, media) -> {
            if (media.getSchema() == null) {
                media.setSchema(
                        OASFactory.createSchema().ref(type.contains("problem") ? "#/components/schemas/Problem" : schema));
            }
        });
    }
}
