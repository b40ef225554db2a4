package com.stockvolume.service.prediction;

import java.util.List;

/** Input that breaks a rule; each error names its field, e.g. {@code instances[17].vol_moving_avg: ...}. */
public final class InvalidInputException extends RuntimeException {

    private final List<String> errors;

    public InvalidInputException(String detail, List<String> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
