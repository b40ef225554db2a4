package com.stockvolume.service.model;

/** A request named a model this service does not serve. */
public final class UnknownModelException extends RuntimeException {
    public UnknownModelException(String name) {
        super("unknown model '" + name + "'");
    }

    public UnknownModelException(String name, String version, String served) {
        super("unknown version '" + version + "' of model '" + name + "'; loaded: [" + served + "]");
    }
}
