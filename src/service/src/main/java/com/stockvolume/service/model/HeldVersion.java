package com.stockvolume.service.model;

/** A model version held for one inference: its session stays open until {@link #close()} (once). */
public final class HeldVersion implements AutoCloseable {

    private final RefCounted<LoadedModel> entry;
    private boolean closed;

    HeldVersion(RefCounted<LoadedModel> entry) {
        this.entry = entry;
    }

    public LoadedModel model() {
        return entry.value();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            entry.release();
        }
    }
}
