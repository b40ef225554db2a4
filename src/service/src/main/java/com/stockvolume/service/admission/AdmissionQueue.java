package com.stockvolume.service.admission;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.function.LongSupplier;

/**
 * Requests whose bodies do not fit the body budget wait here, their bodies unread (Quarkus pauses
 * every request until something reads it, so a waiting body stays in the kernel's socket buffer
 * and costs no heap). Each waiter gives up at its own deadline; a full queue refuses at once.
 *
 * <p>Order: oldest first while the oldest has waited less than {@code lifoAfterNanos}, so that a
 * moderate overload (a backfill with a few more tasks than the service has slots) is served in full,
 * only later. Past that, newest first ("adaptive LIFO"): under a heavy overload a first-come order
 * would serve only requests at the very end of their deadline, which then expire while waiting for
 * inference after their bodies were read and parsed for nothing (docs/overload.md has the
 * measurement), while newest first serves fresh requests and lets the stale ones time out unread.
 *
 * <p>Why not refuse at once when the budget is full: a refused body must still be read to the end
 * to keep the connection usable, and clients that resend at once made the service spend its CPU on
 * reading bodies it then threw away (docs/overload.md has the measurement).
 *
 * <p>Framework-free: the caller supplies what admitting means ({@link Waiter#admit}, which must
 * hand the request back to its own thread) and when to give up.
 */
public final class AdmissionQueue {

    /** A request waiting for {@code bytes} of the budget. */
    public abstract static class Waiter {

        final long bytes;
        boolean done;
        long enqueuedNanos;

        protected Waiter(long bytes) {
            this.bytes = bytes;
        }

        /** Called once its bytes are reserved; the caller owns them from then on. */
        protected abstract void admit();
    }

    private final Budget budget;
    private final int capacity;
    private final long lifoAfterNanos;
    private final LongSupplier clock;
    private final Deque<Waiter> waiting = new ArrayDeque<>();

    /**
     * @param lifoAfterNanos how long the oldest may wait before the newest go first
     * @param clock {@link System#nanoTime} but in tests
     */
    public AdmissionQueue(Budget budget, int capacity, long lifoAfterNanos, LongSupplier clock) {
        this.budget = budget;
        this.capacity = capacity;
        this.lifoAfterNanos = lifoAfterNanos;
        this.clock = clock;
    }

    /** What {@link #enter} did with a request. */
    public enum Entry {
        ADMITTED, WAITING, FULL
    }

    /** Reserves the waiter's bytes now if they fit and nobody waits, else queues it, else refuses. */
    public Entry enter(Waiter waiter) {
        if (waiting() == 0 && budget.tryReserve(waiter.bytes)) {
            return Entry.ADMITTED;
        }
        synchronized (waiting) {
            if (waiting.size() >= capacity) {
                return Entry.FULL;
            }
            waiter.enqueuedNanos = clock.getAsLong();
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

    /** Counts {@code bytes} already read beyond a request's reservation: the waiters wait for them too. */
    public void takeAnyway(long bytes) {
        budget.reserveAnyway(bytes);
    }

    /** Gives back {@code bytes} and admits the waiters that now fit, in the order above. */
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
                Waiter oldest = waiting.peekFirst();
                boolean newestFirst = oldest != null && clock.getAsLong() - oldest.enqueuedNanos > lifoAfterNanos;
                for (Iterator<Waiter> it = newestFirst ? waiting.descendingIterator() : waiting.iterator(); it.hasNext();) {
                    Waiter candidate = it.next();
                    if (budget.tryReserve(candidate.bytes)) {
                        it.remove();
                        candidate.done = true;
                        next = candidate;
                        break;
                    }
                    // not stuck behind a larger body: a smaller one that fits goes on
                }
            }
            if (next == null) {
                return;
            }
            next.admit();
        }
    }
}
