package com.stockvolume.service.oip;

/** The v2 readiness answers: {"ready"} for the server, {"name","ready"} for a model. */
public final class Readiness {

    private Readiness() {
    }

    public record Server(boolean ready) {
    }

    public record Model(String name, boolean ready) {
    }
}
