package com.stockvolume.service.pipeline;

import ai.onnxruntime.OrtException;
import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.config.BatchingConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.LoadedModel;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Server-side batching (Triton's dynamic batcher): concurrent calls for the same model version run as one ONNX
 * Runtime call. A call queues its rows on its version's lane; the first caller to find no batch running runs one for
 * the calls queued, up to {@code max-rows} (after waiting up to {@code max-wait} for more, 0 by default), and hands
 * each its own rows' outputs; the others wait for it. Rows are independent in a tree ensemble run on one intra-op
 * thread, so each call's outputs are bit-identical to its unbatched ones. Calls reach here decoded and admitted:
 * a bad row fails its own request before, and never a neighbour; an admitted call whose deadline passes while it
 * waits leaves the queue with admission's 503 (inference-deadline).
 */
@ApplicationScoped
@Startup // its gauge exists from the first scrape
public class InferenceBatcher {

    /** A waiter's longest sleep between checks: a safety net, as the batch's runner wakes every waiter it served. */
    private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final BatchingConfig config;
    private final ModelMetrics metrics;
    private final AdmissionControl admission;
    /** Batching is off for every model (the default): calls go straight to the model, nothing looked up. */
    private final boolean off;
    // keyed by identity: one lane per loaded version (a reloaded version is a new key; an unloaded one's lane is a
    // few empty objects)
    private final Map<LoadedModel, Lane> lanes = new ConcurrentHashMap<>();

    public InferenceBatcher(BatchingConfig config, ModelMetrics metrics, AdmissionControl admission) {
        this.config = config;
        this.metrics = metrics;
        this.admission = admission;
        this.off = config.maxRows() <= 1 && config.models().values().stream().allMatch(m -> m.maxRows().orElse(1) <= 1);
        metrics.queuedForBatches(() -> lanes.values().stream().mapToInt(lane -> lane.queue.size()).sum());
    }

    /**
     * Each output's values for {@code rows} (row-major, the version's columns), as {@link LoadedModel#infer}.
     *
     * @param admitted the call's admitted request, whose deadline bounds its wait; null for none (GET /predict)
     */
    double[][] infer(LoadedModel version, double[] rows, AdmittedRequest admitted) throws OrtException {
        if (off) {
            return run(version, rows);
        }
        int count = rows.length / version.inputs().count();
        int maxRows = config.maxRows(version.name());
        if (maxRows <= 1 || count >= maxRows) {
            return run(version, rows);
        }
        return lanes.computeIfAbsent(version, Lane::new)
                .infer(rows, count, admitted, maxRows, config.maxWaitNanos(version.name()));
    }

    private double[][] run(LoadedModel version, double[] rows) throws OrtException {
        long start = System.nanoTime();
        double[][] outputs = version.infer(rows);
        metrics.inferred(System.nanoTime() - start);
        return outputs;
    }

    /** One version's queue of waiting calls and whether a batch of it is running. */
    private final class Lane {

        private final LoadedModel version;
        private final int columns;
        private final ConcurrentLinkedQueue<Waiting> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean();

        Lane(LoadedModel version) {
            this.version = version;
            this.columns = version.inputs().count();
        }

        double[][] infer(double[] rows, int count, AdmittedRequest admitted, int maxRows, long maxWaitNanos)
                throws OrtException {
            Waiting mine = new Waiting(rows, count, Thread.currentThread(), System.nanoTime());
            queue.add(mine);
            while (!mine.done) {
                long now = System.nanoTime();
                if (admitted != null && admitted.expired(now) && queue.remove(mine)) {
                    throw admission.expiredWaitingForBatch(admitted, now); // not yet in a batch: it leaves
                }
                if (running.compareAndSet(false, true)) {
                    try {
                        if (!mine.done) {
                            runBatch(maxRows, maxWaitNanos, admitted);
                        }
                    } finally {
                        running.set(false);
                    }
                    // a call queued while this batch ran, and not in it, may be asleep: it runs the next one
                    Waiting next = queue.peek();
                    if (next != null) {
                        LockSupport.unpark(next.thread);
                    }
                } else {
                    LockSupport.parkNanos(this, PARK_NANOS);
                }
            }
            return mine.outputs();
        }

        private void runBatch(int maxRows, long maxWaitNanos, AdmittedRequest runner) {
            if (maxWaitNanos > 0) {
                awaitMore(maxRows, maxWaitNanos, runner);
            }
            List<Waiting> batch = new ArrayList<>();
            int total = 0;
            for (Waiting next = queue.peek(); next != null
                    && (batch.isEmpty() || total + next.count <= maxRows); next = queue.peek()) {
                queue.poll();
                batch.add(next);
                total += next.count;
            }
            long started = System.nanoTime();
            metrics.batched(total);
            try {
                if (batch.size() == 1) {
                    batch.get(0).outputs = run(version, batch.get(0).rows);
                } else {
                    split(run(version, concatenated(batch, total)), batch);
                }
            } catch (OrtException | RuntimeException e) {
                batch.forEach(waiting -> waiting.failure = e);
            }
            for (Waiting waiting : batch) {
                metrics.waitedForBatch(started - waiting.queuedAt);
                waiting.done = true;
                if (waiting.thread != Thread.currentThread()) {
                    LockSupport.unpark(waiting.thread);
                }
            }
        }

        /**
         * Until max-rows rows are queued, the oldest call has waited max-wait, or the runner's own deadline (it runs
         * the batch then: the calls waiting leave at theirs).
         */
        private void awaitMore(int maxRows, long maxWaitNanos, AdmittedRequest runner) {
            Waiting oldest = queue.peek();
            if (oldest == null) {
                return;
            }
            long now = System.nanoTime();
            long until = Math.min(oldest.queuedAt + maxWaitNanos, runner == null
                    ? Long.MAX_VALUE
                    : now + runner.remainingNanos(now));
            for (long left = until - System.nanoTime(); left > 0
                    && queuedRows(maxRows) < maxRows; left = until - System.nanoTime()) {
                LockSupport.parkNanos(this, Math.min(left, 20_000));
            }
        }

        private int queuedRows(int enough) {
            int rows = 0;
            for (Waiting waiting : queue) {
                rows += waiting.count;
                if (rows >= enough) {
                    break;
                }
            }
            return rows;
        }

        private double[] concatenated(List<Waiting> batch, int total) {
            double[] all = new double[total * columns];
            int at = 0;
            for (Waiting waiting : batch) {
                System.arraycopy(waiting.rows, 0, all, at, waiting.rows.length);
                at += waiting.rows.length;
            }
            return all;
        }

        private static void split(double[][] outputs, List<Waiting> batch) {
            int at = 0;
            for (Waiting waiting : batch) {
                double[][] own = new double[outputs.length][];
                for (int k = 0; k < outputs.length; k++) {
                    own[k] = new double[waiting.count];
                    System.arraycopy(outputs[k], at, own[k], 0, waiting.count);
                }
                waiting.outputs = own;
                at += waiting.count;
            }
        }
    }

    /** A call queued on a lane: its rows, and once its batch ran, its outputs or the batch's failure. */
    private static final class Waiting {

        final double[] rows;
        final int count;
        final Thread thread;
        final long queuedAt;
        double[][] outputs;
        Exception failure;
        // written last by the batch's runner, read first by the waiter: publishes outputs and failure
        volatile boolean done;

        Waiting(double[] rows, int count, Thread thread, long queuedAt) {
            this.rows = rows;
            this.count = count;
            this.thread = thread;
            this.queuedAt = queuedAt;
        }

        double[][] outputs() throws OrtException {
            if (failure instanceof OrtException e) {
                throw e;
            }
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            return outputs;
        }
    }
}
