package com.stockvolume.service.failure;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A refusal at the door in gRPC's form, for gRPC calls that share the HTTP port: HTTP 200 with
 * grpc-status (the {@link Failure}'s code) and grpc-message and no body (a "trailers-only" response),
 * which a gRPC client reads as the call's status, with retry-after metadata where REST sends Retry-After.
 */
public final class GrpcRefusal {

    private GrpcRefusal() {
    }

    public static boolean isGrpc(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        return type != null && type.startsWith("application/grpc");
    }

    public static void send(HttpServerResponse response, Failure failure, String message, long retryAfterSeconds) {
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, "application/grpc")
                .putHeader("grpc-status", Integer.toString(failure.grpcCode().value()))
                // grpc-message is percent-encoded (gRPC over HTTP/2); a space stays a space there
                .putHeader("grpc-message", URLEncoder.encode(message, StandardCharsets.UTF_8).replace("+", "%20"));
        if (retryAfterSeconds > 0) {
            response.putHeader("retry-after", Long.toString(retryAfterSeconds));
        }
        response.end();
    }
}
