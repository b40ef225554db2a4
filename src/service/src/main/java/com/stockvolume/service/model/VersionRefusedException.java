package com.stockvolume.service.model;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ServiceException;

/** A version asked for by name failed its checks; the versions served before are still served. */
public final class VersionRefusedException extends ServiceException {

    public VersionRefusedException(String name, String version, String reason) {
        super(Failure.VERSION_REFUSED, "version " + version + " of model '" + name + "' was refused: " + reason);
    }
}
