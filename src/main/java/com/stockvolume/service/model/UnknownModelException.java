package com.stockvolume.service.model;

/** A request named a model this service does not serve. */
public final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String name) {
        super("unknown model '" + name + "'");
    }
}
