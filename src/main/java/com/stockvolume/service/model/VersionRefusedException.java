package com.stockvolume.service.model;

/** A version asked for by name failed its checks; the versions served before are still served. */
public final class VersionRefusedException extends RuntimeException {

    public VersionRefusedException(String name, String version, String reason) {
        super("version " + version + " of model '" + name + "' was refused: " + reason);
    }
}
