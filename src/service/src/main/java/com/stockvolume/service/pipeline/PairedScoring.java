package com.stockvolume.service.pipeline;

import ai.onnxruntime.OrtException;
import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.config.RolloutConfig;
import com.stockvolume.service.failure.ServiceException;
import com.stockvolume.service.model.HeldVersion;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.UnknownModelException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The second scoring of a roll-out's call, after its answer, by the version that did not answer it: on one thread of
 * its own, so that it never takes more than a core from callers, and never through admission (whose budgets are for
 * callers). It gives way first: a call waits here only while fewer than {@code rollout.queue-rows} rows wait, and is
 * dropped rather than scored while callers wait for admission. Each drop is counted on the roll-out's comparison.
 */
@ApplicationScoped
public class PairedScoring {

    private static final Logger LOG = Logger.getLogger(PairedScoring.class);

    /** A call answered by one version, to be scored by the other. */
    private record Task(InferenceCall<?> call, Rollouts.Pairing pairing, double[] answered, ModelInput input, int rows) {
    }

    private final ModelRegistry registry;
    private final InferenceBatcher batcher;
    private final AdmissionControl admission;
    private final int maxRows;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedRows = new AtomicInteger();
    private volatile Thread worker;

    public PairedScoring(ModelRegistry registry, InferenceBatcher batcher, AdmissionControl admission,
            RolloutConfig config) {
        this.registry = registry;
        this.batcher = batcher;
        this.admission = admission;
        this.maxRows = config.queueRows();
    }

    /** Queues a call for its second scoring, or drops it (counted) when the queue holds its rows' worth already. */
    void submit(InferenceCall<?> call, Rollouts.Pairing pairing, double[] answered, ModelInput input) {
        if (pairing.comparison() == null) {
            return;
        }
        int rows = call.rows();
        if (queuedRows.addAndGet(rows) > maxRows) {
            queuedRows.addAndGet(-rows);
            pairing.comparison().dropped(Comparison.QUEUE_FULL);
            return;
        }
        queue.add(new Task(call, pairing, answered, input, rows));
        if (worker == null) {
            start();
        }
    }

    private synchronized void start() {
        if (worker == null) {
            Thread thread = new Thread(this::scoreUntilStopped, "paired-scoring");
            thread.setDaemon(true);
            thread.start();
            worker = thread;
        }
    }

    void stop(@Observes ShutdownEvent stopped) {
        Thread thread = worker;
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void scoreUntilStopped() {
        while (!Thread.currentThread().isInterrupted()) {
            Task task;
            try {
                task = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task != null) {
                try {
                    score(task);
                } finally {
                    queuedRows.addAndGet(-task.rows());
                }
            }
        }
    }

    private void score(Task task) {
        Comparison comparison = task.pairing().comparison();
        if (admission.inferenceBacklog() > 0 || admission.queue().waiting() > 0) {
            comparison.dropped(Comparison.CALLERS_WAITING);
            return;
        }
        try (HeldVersion held = registry.hold(task.call().model(), task.pairing().other())) {
            ModelInput input = task.call().decoder().decode(held.model());
            double[] other = batcher.infer(held.model(), input.rows(), null)[0];
            if (other.length != task.answered().length) {
                comparison.dropped(Comparison.REFUSED);
                return;
            }
            boolean otherIsCandidate = task.pairing().otherIsCandidate();
            comparison.compared(otherIsCandidate ? other : task.answered(), otherIsCandidate ? task.answered() : other,
                    task.input().checkedRows(), task.input().actuals());
        } catch (UnknownModelException e) {
            comparison.dropped(Comparison.UNLOADED);
        } catch (ServiceException e) {
            comparison.dropped(Comparison.REFUSED); // the other version's signature refuses the request
        } catch (OrtException | RuntimeException e) {
            LOG.warnf("paired scoring of %s by version %s failed: %s", task.call().model(), task.pairing().other(), e);
            comparison.dropped(Comparison.REFUSED);
        }
    }
}
