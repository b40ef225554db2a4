package com.stockvolume.service.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A resource shared by requests and closed by whoever lets go of it last. The holder that
 * published it owns the first reference; retiring it is releasing that one. A request takes a
 * reference before it uses the resource and releases it after, so a retired session is closed
 * only once the last request running on it has finished, and never used after.
 */
public final class RefCounted<T> {

    private final T value;
    private final Consumer<T> closer;
    private final AtomicInteger references = new AtomicInteger(1);

    public RefCounted(T value, Consumer<T> closer) {
        this.value = value;
        this.closer = closer;
    }

    /** Takes a reference, unless the last one is already gone (then the caller looks again). */
    public boolean tryAcquire() {
        for (;;) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Gives a reference back; the last one closes the resource. */
    public void release() {
        int left = references.decrementAndGet();
        if (left == 0) {
            closer.accept(value);
        } else if (left < 0) {
            throw new IllegalStateException("released more often than acquired");
        }
    }

    /** The resource; only for a caller that holds a reference, or for data that outlives closing. */
    public T value() {
        return value;
    }

    /** Whether the resource has been closed. */
    public boolean closed() {
        return references.get() == 0;
    }
}
