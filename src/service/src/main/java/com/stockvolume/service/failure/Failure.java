package com.stockvolume.service.failure;

import io.grpc.Status;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Every failure the service answers, once: its HTTP status and RFC 9457 problem type (under /v2 the
 * Open Inference Protocol's {@code {"error"}} with the same status, see {@link ErrorBodies}), its gRPC
 * status, and whether it says when to retry. The REST mappers, the admission filter, gRPC and the
 * OpenAPI document all read it from here.
 */
public enum Failure {

    INVALID_REQUEST(400, "/problems/invalid-request", Status.Code.INVALID_ARGUMENT, 0,
            "a malformed request; the message names the field or parameter"), UNAUTHORIZED(401, "/problems/unauthorized",
                    Status.Code.UNAUTHENTICATED, 0, "no admin bearer token"), FORBIDDEN(403, "/problems/forbidden",
                            Status.Code.PERMISSION_DENIED, 0, "a wrong admin bearer token"), ADMIN_OFF(404,
                                    "/problems/admin-off", Status.Code.NOT_FOUND, 0,
                                    "the admin endpoints are off (admin.token is unset)"), NOT_FOUND(404, "/problems/not-found",
                                            Status.Code.NOT_FOUND, 0, "no such model or version"),
    /** Retrying the same request cannot help, so no Retry-After: a client sends fewer rows or a smaller body. */
    TOO_LARGE(413, "/problems/too-large", Status.Code.RESOURCE_EXHAUSTED, 0,
            "a body over quarkus.http.limits.max-body-size"), TOO_MANY_ROWS(413, "/problems/too-many-rows",
                    Status.Code.RESOURCE_EXHAUSTED, 0,
                    "more rows than predictions.max-instances"), UNSUPPORTED_MEDIA_TYPE(415, "/problems/unsupported-media-type",
                            Status.Code.INVALID_ARGUMENT, 0,
                            "a body of a media type or encoding the operation does not read"), VERSION_REFUSED(422,
                                    "/problems/version-refused", Status.Code.FAILED_PRECONDITION, 0,
                                    "a version asked for failed its checks; the versions served before are still served"),
    /** Loading takes seconds; only with model.exit-on-load-failure=false does a running service lack a model. */
    MODEL_UNAVAILABLE(503, "/problems/model-unavailable", Status.Code.UNAVAILABLE, 10, "no model is loaded"),
    /** Retry-After is admission.retry-after, carried by each refusal. */
    OVERLOADED(503, "/problems/overloaded", Status.Code.RESOURCE_EXHAUSTED, -1,
            "the service is shedding load at its admission limits"), INTERNAL(500, "about:blank", Status.Code.INTERNAL, 0,
                    "an unexpected failure; the service log has the details");

    private final int httpStatus;
    private final String problemType;
    private final Status.Code grpcCode;
    private final long retryAfterSeconds;
    private final String description;

    Failure(int httpStatus, String problemType, Status.Code grpcCode, long retryAfterSeconds, String description) {
        this.httpStatus = httpStatus;
        this.problemType = problemType;
        this.grpcCode = grpcCode;
        this.retryAfterSeconds = retryAfterSeconds;
        this.description = description;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String problemType() {
        return problemType;
    }

    public Status.Code grpcCode() {
        return grpcCode;
    }

    /** Whether the answer says when to retry (Retry-After over HTTP, retry-after metadata over gRPC). */
    public boolean retries() {
        return retryAfterSeconds != 0;
    }

    /** The fixed seconds to wait before retrying; -1 where each refusal carries its own, 0 where there is none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public String description() {
        return description;
    }

    /** What every failure with {@code httpStatus} means, for the OpenAPI document, e.g. "no model is loaded, or ...". */
    public static String describe(int httpStatus) {
        return Arrays.stream(values()).filter(f -> f.httpStatus == httpStatus).map(Failure::description)
                .collect(Collectors.joining("; or "));
    }
}
