package com.stockvolume.service.payloadlog;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event's JSON as it is written, every byte of its buffer reserved from the payload log's byte budget before it
 * is allocated: a body larger than what is left fails while being written ({@link BudgetSpent}), so the events held
 * never exceed the budget, even while many requests write theirs at once.
 */
final class HeldBytes extends OutputStream {

    /** Thrown by a write past the budget; the event is dropped. */
    static final class BudgetSpent extends IOException {

        BudgetSpent() {
            super("the payload log's byte budget is spent", null);
        }
    }

    private final AtomicLong held;
    private final long budget;
    private byte[] buffer = new byte[0];
    private int count;

    /**
     * @param held the bytes every event holds now, shared
     * @param budget the most they may hold
     */
    HeldBytes(AtomicLong held, long budget) {
        this.held = held;
        this.budget = budget;
    }

    @Override
    public void write(int b) throws IOException {
        ensure(count + 1);
        buffer[count++] = (byte) b;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ensure(count + length);
        System.arraycopy(bytes, offset, buffer, count, length);
        count += length;
    }

    private void ensure(int needed) throws BudgetSpent {
        if (needed <= buffer.length) {
            return;
        }
        int capacity = Math.max(needed, Math.max(512, buffer.length * 2));
        if (!reserve(capacity - buffer.length)) {
            throw new BudgetSpent();
        }
        buffer = Arrays.copyOf(buffer, capacity);
    }

    private boolean reserve(long bytes) {
        long now;
        do {
            now = held.get();
            if (now + bytes > budget) {
                return false;
            }
        } while (!held.compareAndSet(now, now + bytes));
        return true;
    }

    byte[] buffer() {
        return buffer;
    }

    int length() {
        return count;
    }

    /** Gives back every byte reserved: once the event is sent, or dropped. */
    void release() {
        held.addAndGet(-buffer.length);
        buffer = new byte[0];
        count = 0;
    }
}
