package com.stockvolume.service.model;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;

/** No model is loaded to answer with (it failed to load, or is not loaded yet). */
public final class ModelUnavailableException extends ServiceException {

    public ModelUnavailableException(String message) {
        super(Failure.MODEL_UNAVAILABLE, message);
    }
}
