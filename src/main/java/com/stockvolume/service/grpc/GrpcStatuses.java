package com.stockvolume.service.grpc;

import com.stockvolume.service.admission.OverloadedException;
import com.stockvolume.service.model.ModelUnavailableException;
import com.stockvolume.service.model.UnknownModelException;
import com.stockvolume.service.model.VersionRefusedException;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.prediction.InvalidInputException;
import com.stockvolume.service.prediction.TooManyRowsException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The service's failures as gRPC status codes, with the same plain messages REST gives: a bad
 * request INVALID_ARGUMENT, an unknown model NOT_FOUND, no model loaded UNAVAILABLE, shedding
 * RESOURCE_EXHAUSTED (with a retry-after hint, as REST's Retry-After). Anything else is INTERNAL
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
        if (failure instanceof InferenceProtocolException e) {
            return (e.status() == 503 ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT).withDescription(e.getMessage())
                    .asRuntimeException();
        }
        if (failure instanceof InvalidInputException || failure instanceof TooManyRowsException) {
            return Status.INVALID_ARGUMENT.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof UnknownModelException) {
            return Status.NOT_FOUND.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof VersionRefusedException) {
            return Status.FAILED_PRECONDITION.withDescription(failure.getMessage()).asRuntimeException();
        }
        if (failure instanceof ModelUnavailableException) {
            return withRetryAfter(Status.UNAVAILABLE.withDescription(failure.getMessage()), 10);
        }
        if (failure instanceof OverloadedException e) {
            return withRetryAfter(Status.RESOURCE_EXHAUSTED.withDescription(e.getMessage()), e.retryAfterSeconds());
        }
        return null;
    }

    private static StatusRuntimeException withRetryAfter(Status status, long seconds) {
        Metadata trailers = new Metadata();
        trailers.put(RETRY_AFTER, Long.toString(seconds));
        return status.asRuntimeException(trailers);
    }
}
