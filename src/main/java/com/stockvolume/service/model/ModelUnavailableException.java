package com.stockvolume.service.model;

/** No model is loaded to answer with (it failed to load, or is not loaded yet). */
public final class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String message) {
        super(message);
    }
}
