package com.stockvolume.service.admission;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Requests whose bodies do not fit the body budget wait here, their bodies unread (Quarkus pauses
 * every request until something reads it, so a waiting body stays in the kernel's socket buffer
 * and costs no heap). Oldest first, so that a moderate overload (a backfill with more tasks than
 * the service has slots) is served in full, only later; each waiter gives up at its own deadline,
 * which bounds the wait under a heavy one. A full queue refuses at once.
 *
 * <p>Why not refuse at once when the budget is full: a refused body must still be read to the end
 * to keep the connection usable, and clients that resend at once made the service spend its CPU on
 * reading bodies it then threw away (measured: 8 batches/s answered instead of ~40; README, Overload).
 *
 * <p>Framework-free: the caller supplies what admitting means ({@link Waiter#admit}, which must
 * hand the request back to its own thread) and when to give up.
 */
public final class AdmissionQueue {

    /** A request waiting for {@code bytes} of the budget. */
    public abstract static class Waiter {
        final long bytes;
        boolean done;

        protected Waiter(long bytes) {
            this.bytes = bytes;
        }

        /** Called once its bytes are reserved; the caller owns them from then on. */
        protected abstract void admit();
    }

    private final Budget budget;
    private final int capacity;
    private final Deque<Waiter> waiting = new ArrayDeque<>();

    public AdmissionQueue(Budget budget, int capacity) {
        this.budget = budget;
        this.capacity = capacity;
    }

    /** What {@link #enter} did with a request. */
    public enum Entry { ADMITTED, WAITING, FULL }

    /** Reserves the waiter's bytes now if they fit and nobody waits, else queues it, else refuses. */
    public Entry enter(Waiter waiter) {
        if (waiting() == 0 && budget.tryReserve(waiter.bytes)) {
            return Entry.ADMITTED;
        }
        synchronized (waiting) {
            if (waiting.size() >= capacity) {
                return Entry.FULL;
            }
            waiting.addLast(waiter);
        }
        // the budget may have been released between the failed reservation and the queueing
        admitWaiting();
        return Entry.WAITING;
    }

    /** Takes the waiter out if it is still waiting: true means it was never admitted and never will be. */
    public boolean giveUp(Waiter waiter) {
        synchronized (waiting) {
            if (waiter.done) {
                return false;
            }
            waiter.done = true;
            waiting.remove(waiter);
            return true;
        }
    }

    /** Gives back {@code bytes} and admits the oldest waiters that now fit. */
    public void release(long bytes) {
        budget.release(bytes);
        admitWaiting();
    }

    public int waiting() {
        synchronized (waiting) {
            return waiting.size();
        }
    }

    private void admitWaiting() {
        while (true) {
            Waiter next = null;
            synchronized (waiting) {
                for (Iterator<Waiter> it = waiting.iterator(); it.hasNext();) {
                    Waiter candidate = it.next();
                    if (budget.tryReserve(candidate.bytes)) {
                        it.remove();
                        candidate.done = true;
                        next = candidate;
                        break;
                    }
                    // oldest first, but not stuck behind a larger body: a smaller one that fits goes on
                }
            }
            if (next == null) {
                return;
            }
            next.admit();
        }
    }
}
