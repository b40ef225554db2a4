package com.stockvolume.trainer.lightgbm;

/** A LightGBM model the converter refuses, with the reason it can give the user. */
public final class UnsupportedModelException extends Exception {

    public UnsupportedModelException(String message) {
        super(message);
    }
}
