package com.stockvolume.service.model;

/** A model version that cannot be served; the message says what is wrong and where, in one line. */
public final class ModelLoadException extends Exception {

    public ModelLoadException(String message) {
        super(message);
    }
}
