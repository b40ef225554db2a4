package com.stockvolume.service.failure;

import java.util.List;

/** Input that breaks a rule; each error names its field, e.g. {@code instances[17].vol_moving_avg: ...}. */
public final class InvalidInputException extends ServiceException {

    private final List<String> errors;

    public InvalidInputException(String detail, List<String> errors) {
        super(Failure.INVALID_REQUEST, detail);
        this.errors = List.copyOf(errors);
    }

    @Override
    public List<String> errors() {
        return errors;
    }
}
