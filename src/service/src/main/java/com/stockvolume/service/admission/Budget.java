package com.stockvolume.service.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A amount of something (body bytes, rows) that requests reserve before they use it and give back
 * when done. Never waits: a reservation that does not fit fails at once, which is what lets an
 * overloaded service answer 503 in microseconds instead of queueing memory it does not have.
 * A single reservation larger than the whole budget is admitted when nothing else is reserved, so
 * a request inside the documented limits is never refused forever by a small budget.
 */
public final class Budget {

    private final long capacity;
    private final AtomicLong used = new AtomicLong();

    public Budget(long capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    public boolean tryReserve(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be >= 0, got " + amount);
        }
        while (true) {
            long current = used.get();
            long next = current + amount;
            if (next > capacity && current > 0) {
                return false;
            }
            if (used.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /**
     * Reserves {@code amount} whether or not it fits: for what is already in memory (a message read past its
     * reservation), so that other reservations wait until it is given back.
     */
    public void reserveAnyway(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("amount must be >= 0, got " + amount);
        }
        used.addAndGet(amount);
    }

    public void release(long amount) {
        long after = used.addAndGet(-amount);
        if (after < 0) {
            throw new IllegalStateException("released more than was reserved: " + after);
        }
    }

    public long used() {
        return used.get();
    }

    public long capacity() {
        return capacity;
    }
}
