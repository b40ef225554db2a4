package com.stockvolume.service.failure;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Every error an operation can answer, in the document, by one rule for all operations rather
 * than a dozen annotations on each: 400 where it reads a body or a query, 401 and 403 on the admin
 * endpoints, 404 where the path names a model or version (and on the admin endpoints while they are
 * off), 413 and 415 where it reads a body, 503 where it needs a model or passes admission control;
 * each described, and given Retry-After, as the {@link Failure} catalogue says. The body is the
 * path's ({@link ErrorBodies}). A response an operation declares itself keeps its description; it
 * gains the schema. Path parameters get the examples Swagger UI fills in.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ErrorResponses implements OASFilter {

    /** Operations that answer whatever the load and the models: server metadata and liveness. */
    private static final Set<String> ALWAYS_UP = Set.of("/ping", "/v2", "/v2/health/live", "/v1/models");

    /** Path parameter examples that the committed model repository serves (OpenApiTest sends them). */
    static final Map<String, String> PATH_EXAMPLES = Map.of("name", "stock-volume", "version", "2");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach(
                (path, item) -> item.getOperations().forEach((method, operation) -> describe(path, method, operation)));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        boolean v2 = ErrorBodies.speaksProtocol(path);
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
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description(status)));
            }
        });
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                withErrorBody(response, v2);
                if (retries(status) && !path.endsWith("/ready")
                        && (response.getHeaders() == null || !response.getHeaders().containsKey("Retry-After"))) {
                    response.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                            .schema(OASFactory.createSchema()
                                    .addType(Schema.SchemaType.INTEGER)));
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

    /** What the catalogue's failures with {@code status} mean, as a sentence. */
    static String description(String status) {
        String text = Failure.describe(Integer.parseInt(status));
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** Whether the failures with {@code status} say when to retry. */
    private static boolean retries(String status) {
        return Arrays.stream(Failure.values()).anyMatch(f -> f.retries() && Integer.toString(f.httpStatus()).equals(status));
    }

    /** The error body's schema, unless the operation documents its own (e.g. readiness's {"ready": false}). */
    private static void withErrorBody(APIResponse response, boolean v2) {
        String mediaType = v2 ? ErrorBodies.PROTOCOL_MEDIA_TYPE : Problem.MEDIA_TYPE;
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
