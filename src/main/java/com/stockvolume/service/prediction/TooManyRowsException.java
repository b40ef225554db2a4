package com.stockvolume.service.prediction;

/** A request with more rows than {@code predictions.max-instances}. */
public final class TooManyRowsException extends RuntimeException {

    public TooManyRowsException(int rows, int max) {
        super(rows + " rows in one request; at most " + max + " are accepted (predictions.max-instances)");
    }
}
