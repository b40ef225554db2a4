package com.stockvolume.trainer.dataset;

/** The dataset cannot be read at all (a missing folder or meta file): a one-line error. */
public final class DatasetException extends Exception {

    public DatasetException(String message) {
        super(message);
    }
}
