package com.stockvolume.service.admission;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;

/** A request refused because the service is at one of its admission limits: 503 with Retry-After. */
public final class OverloadedException extends ServiceException {

    private final String reason;
    private final long retryAfterSeconds;

    public OverloadedException(String reason, String message, long retryAfterSeconds) {
        super(Failure.OVERLOADED, message);
        this.reason = reason;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** One of waiting, read-deadline, rows, backlog, inference-deadline: the label of admission_rejected_total. */
    public String reason() {
        return reason;
    }

    @Override
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
