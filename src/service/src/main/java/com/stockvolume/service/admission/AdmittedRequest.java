package com.stockvolume.service.admission;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One request let in by {@link AdmissionFilter}: when it arrived, how long it may wait for
 * inference, and what it holds of the budgets until its response has ended (or its connection
 * closed), when everything is given back at once.
 */
public final class AdmittedRequest {

    /** The header with which a client asks for a shorter wait than {@code admission.queue-timeout}. */
    public static final String TIMEOUT_HEADER = "X-Request-Timeout-Ms";

    private static final String KEY = AdmittedRequest.class.getName();

    private final long arrivedNanos;
    private final long waitNanos;
    private final AdmissionQueue bodies;
    private final AtomicLong bodyBytes;
    private final AtomicLong rows = new AtomicLong();
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile Budget rowBudget;

    AdmittedRequest(long arrivedNanos, long waitNanos, AdmissionQueue bodies, long bodyBytes) {
        this.arrivedNanos = arrivedNanos;
        this.waitNanos = waitNanos;
        this.bodies = bodies;
        this.bodyBytes = new AtomicLong(bodyBytes);
    }

    /** The request being served on this context; every request with a body has one. */
    public static AdmittedRequest of(RoutingContext context) {
        AdmittedRequest admitted = context.get(KEY);
        if (admitted == null) {
            throw new IllegalStateException("no admission for " + context.request().path());
        }
        return admitted;
    }

    /** The request being served on the current Vert.x context (a gRPC call, which has no RoutingContext). */
    public static AdmittedRequest current() {
        Context vertx = Vertx.currentContext();
        AdmittedRequest admitted = vertx == null ? null : vertx.getLocal(KEY);
        if (admitted == null) {
            throw new IllegalStateException("no admission for this call");
        }
        return admitted;
    }

    /**
     * Serves this request on {@code context} and gives back what it holds when its response ends
     * or its connection closes; false (and everything given back now) if it has already closed,
     * since then no end handler would ever run.
     */
    public boolean attachTo(RoutingContext context) {
        if (context.response().closed()) {
            release();
            return false;
        }
        context.put(KEY, this);
        // gRPC services do not see the RoutingContext; they run on the request's duplicated context
        Context vertx = Vertx.currentContext();
        if (vertx != null && VertxContext.isDuplicatedContext(vertx)) {
            vertx.putLocal(KEY, this);
        }
        context.addEndHandler(ignored -> release());
        return true;
    }

    /**
     * The body has been read and is {@code readBytes} long: from now on the request holds that much of the body
     * budget, giving back what it reserved beyond it, or counting what it read beyond its reservation (a gRPC
     * call, whose size is not declared, reserves a typical message at the door).
     */
    public void bodyRead(long readBytes) {
        long read = Math.max(0, readBytes);
        for (;;) {
            long held = bodyBytes.get();
            if (released.get() || held == read) {
                return;
            }
            if (bodyBytes.compareAndSet(held, read)) {
                if (read < held) {
                    bodies.release(held - read);
                } else {
                    bodies.takeAnyway(read - held);
                }
                return;
            }
        }
    }

    /** When the request arrived (System.nanoTime). */
    public long arrivedNanos() {
        return arrivedNanos;
    }

    /** Milliseconds left before the request has waited too long; 0 once it has. */
    public long remainingMillis(long nowNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(arrivedNanos + waitNanos - nowNanos));
    }

    /** Nanoseconds left before the request has waited too long; 0 once it has. */
    public long remainingNanos(long nowNanos) {
        return Math.max(0, arrivedNanos + waitNanos - nowNanos);
    }

    public boolean expired(long nowNanos) {
        return nowNanos - arrivedNanos > waitNanos;
    }

    long waitedMillis(long nowNanos) {
        return TimeUnit.NANOSECONDS.toMillis(nowNanos - arrivedNanos);
    }

    /** Holds {@code count} rows of {@code budget} until the response ends; false if they do not fit. */
    boolean holdRows(Budget budget, long count) {
        if (!budget.tryReserve(count)) {
            return false;
        }
        rowBudget = budget;
        rows.addAndGet(count);
        return true;
    }

    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        bodies.release(bodyBytes.getAndSet(0));
        long held = rows.getAndSet(0);
        if (held > 0) {
            rowBudget.release(held);
        }
    }

    /**
     * The wait a request may have: the configured limit, or less if the client asks for less
     * in {@link #TIMEOUT_HEADER} (a whole number of milliseconds, at least 1).
     */
    static long waitNanos(String header, long configuredNanos) {
        if (header == null) {
            return configuredNanos;
        }
        long millis;
        try {
            millis = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TIMEOUT_HEADER + ": must be a whole number of milliseconds >= 1, got '"
                    + abbreviate(header) + "'");
        }
        if (millis < 1) {
            throw new IllegalArgumentException(TIMEOUT_HEADER + ": must be a whole number of milliseconds >= 1, got " + millis);
        }
        return Math.min(configuredNanos, TimeUnit.MILLISECONDS.toNanos(Math.min(millis, Long.MAX_VALUE / 1_000_000)));
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
