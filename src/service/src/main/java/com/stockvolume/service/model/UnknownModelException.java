package com.stockvolume.service.model;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;

/** A request named a model, or a version of it, this service does not serve. */
public final class UnknownModelException extends ServiceException {

    public UnknownModelException(String name) {
        super(Failure.NOT_FOUND, "unknown model '" + name + "'");
    }

    /** @param known what the service has instead, e.g. "loaded: [1, 2]" */
    public UnknownModelException(String name, String version, String known) {
        super(Failure.NOT_FOUND, "unknown version '" + version + "' of model '" + name + "'; " + known);
    }
}
