package com.stockvolume.service.admission;

import io.grpc.Status;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A refusal at the door in gRPC's form, for gRPC calls that share the HTTP port: HTTP 200 with
 * grpc-status and grpc-message and no body (a "trailers-only" response), which a gRPC client reads
 * as the call's status; 503 becomes RESOURCE_EXHAUSTED, with retry-after metadata.
 */
final class GrpcRefusal {

    private GrpcRefusal() {
    }

    static boolean isGrpc(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.startsWith("application/grpc");
    }

    static void send(HttpServerResponse response, int httpStatus, String message, long retryAfterSeconds) {
        Status.Code code = switch (httpStatus) {
            case 503, 413 -> Status.Code.RESOURCE_EXHAUSTED;
            case 400 -> Status.Code.INVALID_ARGUMENT;
            default -> Status.Code.UNKNOWN;
        };
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
                .putHeader("grpc-status", Integer.toString(code.value()))
                // grpc-message is percent-encoded (gRPC over HTTP/2); a space stays a space there
                .putHeader("grpc-message", URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"));
        if (retryAfterSeconds > 0) {
            response.putHeader("retry-after", Long.toString(retryAfterSeconds));
        }
        response.end();
    }
}
