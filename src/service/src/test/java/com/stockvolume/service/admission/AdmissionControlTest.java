package com.stockvolume.service.admission;

import static com.stockvolume.service.admission.AdmissionLimitsTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.observability.Spans;
import com.stockvolume.service.support.Conditions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The inference gate: at most {@code concurrency} batches infer at once, the rest wait no longer
 * than their deadline, and the row budget refuses at once. No timings are asserted: slots are held
 * and freed by the test itself, and every wait is for a condition with a generous bound.
 */
class AdmissionControlTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    // threads of the test's own: the common pool may have a single thread on 2 cores, which the held slot takes
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch free = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);

    @AfterEach
    void freeTheSlot() {
        free.countDown();
        threads.shutdownNow();
    }

    private AdmissionControl control(long maxRows, int concurrency, int backlog) {
        return control(maxRows, concurrency, backlog, Duration.ofSeconds(30));
    }

    private AdmissionControl control(long maxRows, int concurrency, int backlog, Duration queueTimeout) {
        return new AdmissionControl(config(1_000_000L, maxRows, concurrency, 8, backlog, queueTimeout), meters,
                new Spans(OpenTelemetry.noop().getTracer("test")));
    }

    private static AdmittedRequest request(AdmissionControl control, String timeoutMillis) {
        return control.admitted(System.nanoTime(), 0, control.waitNanos(timeoutMillis));
    }

    /** Runs {@code work} in the slot the request is admitted to, as the inference pipeline does. */
    private static <T> T infer(AdmissionControl control, AdmittedRequest request, int rows, Supplier<T> work) {
        try (AdmissionControl.Slot slot = control.admit(request, rows)) {
            return work.get();
        }
    }

    /** Occupies one inference slot with {@code rows} rows until the test frees it. */
    private CompletableFuture<String> holdASlot(AdmissionControl control, int rows) throws InterruptedException {
        CompletableFuture<String> held = CompletableFuture
                .supplyAsync(() -> infer(control, request(control, null), rows, () -> {
                    holding.countDown();
                    await(free);
                    return "held";
                }), threads);
        assertTrue(holding.await(30, TimeUnit.SECONDS));
        return held;
    }

    @Test
    void aBatchWaitsForAFreeSlotAndRunsWhenOneFrees() throws Exception {
        AdmissionControl control = control(1000, 1, 4);
        CompletableFuture<String> held = holdASlot(control, 10);
        CompletableFuture<String> next = CompletableFuture
                .supplyAsync(() -> infer(control, request(control, null), 10, () -> "next"), threads);
        Conditions.waitUntil(() -> control.inferenceBacklog() == 1);
        assertFalse(next.isDone(), "it waits while the only slot is held");
        free.countDown();
        assertEquals("held", held.get(30, TimeUnit.SECONDS));
        assertEquals("next", next.get(30, TimeUnit.SECONDS));
    }

    @Test
    void waitingBatchesGetTheSlotInTheOrderTheyArrived() throws Exception {
        AdmissionControl control = control(1000, 1, 8);
        CompletableFuture<String> held = holdASlot(control, 10);
        List<Integer> served = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int arrival = i;
            waiting.add(CompletableFuture.supplyAsync(
                    () -> infer(control, request(control, null), 10, () -> served.add(arrival)), threads));
            Conditions.waitUntil(() -> control.inferenceBacklog() == arrival + 1); // each arrives after the last
        }
        free.countDown();
        held.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Boolean> batch : waiting) {
            assertTrue(batch.get(30, TimeUnit.SECONDS));
        }
        assertEquals(List.of(0, 1, 2, 3, 4, 5), served);
    }

    @Test
    void onAnEventLoopASmallBodysRowsAreInferredAtOnceEvenWhileEverySlotIsHeld() throws Exception {
        AdmissionControl control = control(1000, 1, 0); // no backlog: on a worker it would be refused
        holdASlot(control, 10);
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<String> onTheLoop = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                try {
                    onTheLoop.complete(infer(control, request(control, null), 1, () -> "at once"));
                } catch (RuntimeException e) {
                    onTheLoop.completeExceptionally(e);
                }
            });
            assertEquals("at once", onTheLoop.get(30, TimeUnit.SECONDS));
            assertThrows(OverloadedException.class, () -> infer(control, request(control, null), 1, () -> "not at once"),
                    "off the event loop, the same batch waits for a slot");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBatchThatWaitedPastItsDeadlineIsRefusedAndNeverComputed() throws Exception {
        AdmissionControl control = control(1000, 1, 4);
        CompletableFuture<String> held = holdASlot(control, 10);
        AtomicBoolean computed = new AtomicBoolean();
        // it asked to wait at most 50 ms; the slot frees later, and it is refused then rather than computed
        AdmittedRequest impatient = request(control, "50");
        CompletableFuture<Boolean> late = CompletableFuture.supplyAsync(
                () -> infer(control, impatient, 10, () -> computed.getAndSet(true)), threads);
        Conditions.waitUntil(() -> control.inferenceBacklog() == 1);
        Conditions.waitUntil(() -> impatient.expired(System.nanoTime())); // its deadline has passed, however slow the machine
        free.countDown();
        held.get(30, TimeUnit.SECONDS);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> late.get(30, TimeUnit.SECONDS));
        OverloadedException refused = (OverloadedException) failure.getCause();
        assertEquals("inference-deadline", refused.reason());
        assertTrue(refused.getMessage().contains("admission.queue-timeout or X-Request-Timeout-Ms"), refused.getMessage());
        assertEquals(1, refused.retryAfterSeconds());
        assertFalse(computed.get());
        assertEquals(1.0, meters.get("admission.rejected").tag("reason", "inference-deadline").counter().count());
    }

    @Test
    void aBatchStillWaitingWhenTheQueueTimeoutEndsIsRefused() throws Exception {
        AdmissionControl control = control(1000, 1, 4, Duration.ofMillis(200));
        holdASlot(control, 10);
        AtomicBoolean computed = new AtomicBoolean();
        OverloadedException refused = assertThrows(OverloadedException.class,
                () -> infer(control, request(control, null), 10, () -> computed.getAndSet(true)));
        assertEquals("inference-deadline", refused.reason());
        assertFalse(computed.get());
    }

    @Test
    void aFullBacklogRefusesAtOnce() throws Exception {
        AdmissionControl control = control(1000, 1, 1);
        holdASlot(control, 10);
        CompletableFuture<String> waiting = CompletableFuture
                .supplyAsync(() -> infer(control, request(control, null), 10, () -> "waited"), threads);
        Conditions.waitUntil(() -> control.inferenceBacklog() == 1);
        OverloadedException refused = assertThrows(OverloadedException.class,
                () -> infer(control, request(control, null), 10, () -> "never"));
        assertEquals("backlog", refused.reason());
        free.countDown();
        assertEquals("waited", waiting.get(30, TimeUnit.SECONDS), "the one already waiting is not lost");
    }

    @Test
    void rowsBeyondTheBudgetAreRefusedAtOnceAndGivenBackWhenTheResponseEnds() throws Exception {
        AdmissionControl control = control(100, 2, 4);
        AdmittedRequest first = request(control, null);
        assertEquals("ok", infer(control, first, 60, () -> "ok"));
        // the rows of an answered batch are held until its response has been written
        OverloadedException refused = assertThrows(OverloadedException.class,
                () -> infer(control, request(control, null), 50, () -> "never"));
        assertEquals("rows", refused.reason());
        first.release();
        assertEquals("now", infer(control, request(control, null), 50, () -> "now"));
    }

    @Test
    void aFailingBatchFreesItsSlot() {
        AdmissionControl control = control(1000, 1, 0);
        assertThrows(IllegalStateException.class, () -> infer(control, request(control, null), 1, () -> {
            throw new IllegalStateException("bad model");
        }));
        assertEquals("next", infer(control, request(control, null), 1, () -> "next"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
