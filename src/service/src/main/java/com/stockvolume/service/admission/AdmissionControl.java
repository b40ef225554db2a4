package com.stockvolume.service.admission;

import com.stockvolume.service.config.AdmissionConfig;
import com.stockvolume.service.observability.RequestFacts;
import com.stockvolume.service.observability.Spans;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * What the service takes on at once (docs/overload.md). Bodies are read only while their declared
 * sizes fit the body budget; the rest wait unread in {@link AdmissionQueue}, or are refused when
 * it is full. Parsed rows must fit the row budget or are refused at once. A small body (up to
 * {@code quarkus.rest.input-buffer-size}) is parsed and inferred at once on its event loop, as GET
 * /predict is; a larger one goes to a worker thread, and such batches then run at most {@code concurrency} at a time; up to {@code backlog} more wait for a slot in arrival order
 * (a fair {@link Semaphore}), each no longer than its own deadline, and a request that waited past
 * it is refused rather than computed. Arrival order, because waiters woken in no order left a few
 * batches waiting many times as long as the rest (docs/overload.md), and a
 * newest-first backlog starves the oldest until their deadline even within capacity; the door's
 * queue already turns newest first under heavy overload.
 */
@Startup
@ApplicationScoped
public class AdmissionControl {

    private static final Logger LOG = Logger.getLogger(AdmissionControl.class);

    private final AdmissionLimits limits;
    private final Budget bodies;
    private final AdmissionQueue waiting;
    private final Budget rows;
    private final Semaphore slots;
    private final AtomicInteger inInference = new AtomicInteger();
    private final AtomicInteger awaitingInference = new AtomicInteger();
    private final Map<String, Counter> rejected;
    private final Spans spans;

    public AdmissionControl(AdmissionConfig config, MeterRegistry registry, Spans spans) {
        this.spans = spans;
        this.limits = AdmissionLimits.of(config, Runtime.getRuntime().maxMemory(),
                Runtime.getRuntime().availableProcessors());
        this.bodies = new Budget(limits.maxBodyBytes());
        // newest first once the oldest has used half of the longest wait (see AdmissionQueue)
        this.waiting = new AdmissionQueue(bodies, limits.waiting(), limits.queueTimeout().toNanos() / 2, System::nanoTime);
        this.rows = new Budget(limits.maxRows());
        this.slots = new Semaphore(limits.concurrency(), true);
        this.rejected = Map.of(
                "waiting", rejectedCounter(registry, "waiting"),
                "rows", rejectedCounter(registry, "rows"),
                "backlog", rejectedCounter(registry, "backlog"),
                "read-deadline", rejectedCounter(registry, "read-deadline"),
                "inference-deadline", rejectedCounter(registry, "inference-deadline"));
        gauge(registry, "body_bytes", bodies::used, bodies.capacity());
        gauge(registry, "rows", rows::used, rows.capacity());
        gauge(registry, "waiting", waiting::waiting, limits.waiting());
        gauge(registry, "inference", inInference::get, limits.concurrency());
        gauge(registry, "inference_backlog", awaitingInference::get, limits.backlog());
        LOG.infof("admission: bodies up to %,d bytes (%d more waiting unread) and %,d rows in flight, %d batch(es) in "
                + "inference with a backlog of %d, each request waiting at most %d ms (max heap %,d bytes)",
                limits.maxBodyBytes(), limits.waiting(), limits.maxRows(), limits.concurrency(), limits.backlog(),
                limits.queueTimeout().toMillis(), Runtime.getRuntime().maxMemory());
    }

    public AdmissionLimits limits() {
        return limits;
    }

    /** Batches waiting for an inference slot now (those holding one are not counted). */
    public int inferenceBacklog() {
        return awaitingInference.get();
    }

    /** Where requests whose bodies do not fit the budget wait, unread. */
    public AdmissionQueue queue() {
        return waiting;
    }

    /**
     * A request that arrived at {@code arrivedNanos} with a body of {@code declaredBytes}, once
     * those bytes are reserved, allowed to wait {@code waitNanos} (see {@link #waitNanos}).
     */
    public AdmittedRequest admitted(long arrivedNanos, long declaredBytes, long waitNanos) {
        return new AdmittedRequest(arrivedNanos, waitNanos, waiting, declaredBytes);
    }

    /**
     * How long a request may wait, from the client's header (null: none) and the configuration.
     *
     * @throws IllegalArgumentException if the header is not a whole number of milliseconds >= 1
     */
    public long waitNanos(String timeoutHeader) {
        return AdmittedRequest.waitNanos(timeoutHeader, limits.queueTimeout().toNanos());
    }

    /** The 503 for a request the full waiting queue cannot take. */
    public OverloadedException queueFull() {
        return refuse("waiting", "the service is at its limit of requests in flight (" + limits.maxBodyBytes()
                + " bytes of bodies, admission.max-body-bytes, and " + limits.waiting() + " waiting, admission.waiting)");
    }

    /** The 503 for a request that waited past its deadline for room for its body. */
    public OverloadedException waitedTooLong(long waitedMillis) {
        return refuse("read-deadline", "the request waited " + waitedMillis + " ms to be read, longer than it may "
                + "(admission.queue-timeout or " + AdmittedRequest.TIMEOUT_HEADER + ")");
    }

    /**
     * Admits one batch of {@code rowCount} rows to inference: holds its rows until the response has
     * ended, waits in arrival order for a slot no longer than the request's deadline, and refuses
     * (503) rather than admits a request that has waited past it. Close the slot when the batch is done.
     */
    public Slot admit(AdmittedRequest admitted, int rowCount) {
        if (!admitted.holdRows(rows, rowCount)) {
            throw refuse("rows", "the service is at its limit of rows in flight (" + limits.maxRows()
                    + ", admission.max-rows)");
        }
        if (Context.isOnEventLoopThread()) {
            // a small body's few rows (quarkus.rest.input-buffer-size) take microseconds: served at once, as
            // GET /predict is, never waiting for a slot on an event loop (docs/overload.md says why)
            spans.admitted(admitted.arrivedNanos(), System.nanoTime(), false);
            return Slot.AT_ONCE;
        }
        // a batch that will find a free slot does not count against the backlog (a soft bound)
        if (inInference.get() >= limits.concurrency() && awaitingInference.get() >= limits.backlog()) {
            throw refuse("backlog", "the service is at its limit of batches waiting for inference ("
                    + limits.backlog() + ", admission.backlog)");
        }
        awaitingInference.incrementAndGet();
        boolean acquired;
        try {
            // the timed form keeps the order even for a free slot: no barging past those waiting
            acquired = slots.tryAcquire(admitted.remainingNanos(System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        } finally {
            awaitingInference.decrementAndGet();
        }
        long now = System.nanoTime();
        if (!acquired || admitted.expired(now)) {
            if (acquired) {
                slots.release();
            }
            throw deadline(admitted, now);
        }
        spans.admitted(admitted.arrivedNanos(), now, true);
        inInference.incrementAndGet();
        return new Slot(this);
    }

    /** An admitted batch's place in inference, given back by {@link #close()} (once). */
    public static final class Slot implements AutoCloseable {

        /** Served at once on an event loop: holds no slot. */
        static final Slot AT_ONCE = new Slot(null);

        private final AdmissionControl owner;
        private boolean closed;

        private Slot(AdmissionControl owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (owner != null && !closed) {
                closed = true;
                owner.inInference.decrementAndGet();
                owner.slots.release();
            }
        }
    }

    /** The 503 for an admitted request whose deadline passed while it waited for its server-side batch. */
    public OverloadedException expiredWaitingForBatch(AdmittedRequest admitted, long now) {
        return deadline(admitted, now);
    }

    private OverloadedException deadline(AdmittedRequest admitted, long now) {
        return refuse("inference-deadline", "the request waited " + admitted.waitedMillis(now)
                + " ms for inference, longer than it may (admission.queue-timeout or " + AdmittedRequest.TIMEOUT_HEADER + ")");
    }

    private OverloadedException refuse(String reason, String message) {
        rejected.get(reason).increment();
        RequestFacts.shed(reason);
        Spans.refused(reason);
        return new OverloadedException(reason, message + "; retry after " + limits.retryAfterSeconds() + " s",
                limits.retryAfterSeconds());
    }

    private static Counter rejectedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("admission.rejected")
                .description("Requests refused with 503 by admission control, by the limit they met")
                .tag("reason", reason)
                .register(registry);
    }

    private static void gauge(MeterRegistry registry, String resource, Supplier<Number> used, long limit) {
        Gauge.builder("admission.in.use", used).description("What admitted requests hold now")
                .tag("resource", resource).register(registry);
        Gauge.builder("admission.limit", () -> limit).description("The most admitted requests may hold")
                .tag("resource", resource).register(registry);
    }
}
