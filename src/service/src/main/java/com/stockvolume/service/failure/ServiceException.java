package com.stockvolume.service.failure;

import java.util.List;

/**
 * A request the service refuses, as one of the {@link Failure}s: the REST mappers and gRPC answer it by
 * its failure alone. Without a stack trace: a refusal is an answer, not a fault.
 */
public abstract class ServiceException extends RuntimeException {

    private final Failure failure;

    protected ServiceException(Failure failure, String message) {
        super(message, null, false, false);
        this.failure = failure;
    }

    public final Failure failure() {
        return failure;
    }

    /** Each invalid field with its rule, e.g. {@code instances[17].vol_moving_avg: ...}; empty when none is named. */
    public List<String> errors() {
        return List.of();
    }

    /** The seconds a client should wait before retrying; 0: retrying does not help. */
    public long retryAfterSeconds() {
        return Math.max(0, failure.retryAfterSeconds());
    }
}
