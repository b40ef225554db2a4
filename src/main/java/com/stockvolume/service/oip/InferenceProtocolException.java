package com.stockvolume.service.oip;

/** A v2 request the protocol refuses; answered as {"error": message} with this status. */
public final class InferenceProtocolException extends RuntimeException {

    private final int status;

    public InferenceProtocolException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
