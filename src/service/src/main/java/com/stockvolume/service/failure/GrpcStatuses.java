package com.stockvolume.service.failure;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The service's failures as gRPC statuses, by the {@link Failure} catalogue, with the same plain
 * messages REST gives and a retry-after hint where REST sends Retry-After. Anything else is INTERNAL
 * without details, which the caller logs.
 */
public final class GrpcStatuses {

    /** The seconds to wait before retrying, as REST's Retry-After header. */
    public static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcStatuses() {
    }

    /** The status for {@code failure}, or null if it is not one the service expects. */
    public static StatusRuntimeException of(Throwable failure) {
        if (failure instanceof StatusRuntimeException status) {
            return status;
        }
        if (failure instanceof ServiceException e) {
            Status status = Status.fromCode(e.failure().grpcCode()).withDescription(e.getMessage());
            if (e.retryAfterSeconds() <= 0) {
                return status.asRuntimeException();
            }
            Metadata trailers = new Metadata();
            trailers.put(RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            return status.asRuntimeException(trailers);
        }
        return null;
    }
}
