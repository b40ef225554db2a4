package com.stockvolume.service.prediction;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;
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
