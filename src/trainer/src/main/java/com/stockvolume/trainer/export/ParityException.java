package com.stockvolume.trainer.export;

/** The exported ONNX model does not reproduce LightGBM within the bound. */
public final class ParityException extends Exception {

    public ParityException(String message) {
        super(message);
    }
}
