package com.stockvolume.service.model;

/** A request named a model, or a version of it, this service does not serve. */
public final class UnknownModelException extends RuntimeException {

    public UnknownModelException(String name) {
        super("unknown model '" + name + "'");
    }

    /** @param known what the service has instead, e.g. "loaded: [1, 2]" */
    public UnknownModelException(String name, String version, String known) {
        super("unknown version '" + version + "' of model '" + name + "'; " + known);
    }
}
