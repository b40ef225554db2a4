package com.stockvolume.service.prediction;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;
import java.util.List;

/**
 * A request with more rows than an endpoint takes: more than {@code predictions.max-instances} rows, or
 * more than {@code predictions.max-bars} bars for from-bars.
 */
public final class TooManyRowsException extends ServiceException {

    private final List<String> errors;

    public TooManyRowsException(long rows, int max) {
        super(Failure.TOO_MANY_ROWS, rows + " rows in one request; at most " + max
                + " are accepted (predictions.max-instances)");
        this.errors = List.of();
    }

    private TooManyRowsException(String message, List<String> errors) {
        super(Failure.TOO_MANY_ROWS, message);
        this.errors = errors;
    }

    /** Too many bars in a from-bars request, named as a field error as from-bars names every other. */
    public static TooManyRowsException bars(int bars, int max) {
        String message = "bars: " + bars + " bars; at most " + max + " are accepted (predictions.max-bars)";
        return new TooManyRowsException(message, List.of(message));
    }

    @Override
    public List<String> errors() {
        return errors;
    }
}
