package com.stockvolume.service.payloadlog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.service.config.PayloadLogConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Payload logging as KServe's logger does it: with {@code payload-log.url} set, each inference request and its answer
 * become two CloudEvents (one {@code ce-id} for both) that {@link EventSender} posts to the sink. A transport hands
 * over both after it has its answer; the JSON is written on the caller's thread into bytes reserved from a budget
 * ({@link HeldBytes}), queued, and sent by other threads: a slow or dead sink never holds a request, its events are
 * dropped once the queue is full, and each drop is counted by reason ({@code payload_log_dropped_total}).
 */
@ApplicationScoped
public class PayloadLog {

    static final String REQUEST_TYPE = "org.kubeflow.serving.inference.request";
    static final String RESPONSE_TYPE = "org.kubeflow.serving.inference.response";
    static final String QUEUE_FULL = "queue-full";
    static final String SINK_TIMEOUT = "sink-timeout";
    static final String SINK_UNREACHABLE = "sink-unreachable";
    static final String SINK_REFUSED = "sink-refused";
    static final String SHUTDOWN = "shutdown";
    static final String UNWRITABLE = "unwritable";

    private static final Logger LOG = Logger.getLogger(PayloadLog.class);

    /** One event, its JSON in reserved bytes, waiting to be sent. */
    record Event(String id, String type, String model, String version, long epochMillis, HeldBytes body) {
    }

    private final PayloadLogConfig config;
    private final ObjectMapper json;
    private final boolean on;
    private final boolean requests;
    private final boolean responses;
    private final double sampleRatio;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    /** Events held, from the moment one is written until it is sent or dropped: at most queue-events. */
    private final AtomicInteger heldEvents = new AtomicInteger();
    private final AtomicLong heldBytes = new AtomicLong();
    private final Map<String, Counter> dropped;
    private final Counter sent;
    private final URI source;
    private EventSender sender;

    public PayloadLog(PayloadLogConfig config, ObjectMapper json, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String application) {
        this.config = config;
        this.json = json;
        this.on = config.url().isPresent() && config.sampleRatio() > 0;
        this.requests = config.mode() != PayloadLogConfig.Mode.RESPONSE;
        this.responses = config.mode() != PayloadLogConfig.Mode.REQUEST;
        this.sampleRatio = config.sampleRatio();
        this.source = config.source().orElseGet(() -> URI.create("urn:" + application + ":" + hostName()));
        this.dropped = Map.of(QUEUE_FULL, droppedCounter(registry, QUEUE_FULL), SINK_TIMEOUT,
                droppedCounter(registry, SINK_TIMEOUT), SINK_UNREACHABLE, droppedCounter(registry, SINK_UNREACHABLE),
                SINK_REFUSED, droppedCounter(registry, SINK_REFUSED), SHUTDOWN, droppedCounter(registry, SHUTDOWN),
                UNWRITABLE, droppedCounter(registry, UNWRITABLE));
        this.sent = Counter.builder("payload.log.sent").description("Payload-log events the sink accepted (2xx)")
                .register(registry);
        Gauge.builder("payload.log.held.events", heldEvents, AtomicInteger::get)
                .description("Payload-log events written and not yet sent or dropped").register(registry);
        Gauge.builder("payload.log.held", heldBytes, AtomicLong::get)
                .description("Bytes the payload log's events hold now (at most payload-log.queue-bytes)").baseUnit("bytes")
                .register(registry);
    }

    void start(@Observes StartupEvent started) {
        config.url().ifPresent(url -> sender = EventSender.start(this, url, config.timeout(), config.connections()));
    }

    void stop(@Observes ShutdownEvent stopped) {
        if (sender != null) {
            sender.stop(config.timeout());
        }
    }

    /**
     * Logs one exchange, when payload logging is on and the exchange is sampled: the model and version that answered,
     * the request's and the answer's JSON forms (made only when they are logged).
     */
    public void log(String model, String version, Supplier<?> request, Supplier<?> response) {
        if (!on || sampleRatio < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRatio) {
            return;
        }
        long now = System.currentTimeMillis();
        String id = inferenceId();
        if (requests) {
            offer(id, REQUEST_TYPE, model, version, now, request);
        }
        if (responses) {
            offer(id, RESPONSE_TYPE, model, version, now, response);
        }
    }

    private void offer(String id, String type, String model, String version, long now, Supplier<?> form) {
        if (heldEvents.incrementAndGet() > config.queueEvents()) {
            heldEvents.decrementAndGet();
            dropped.get(QUEUE_FULL).increment();
            return;
        }
        HeldBytes body = new HeldBytes(heldBytes, config.queueBytes().asLongValue());
        try {
            json.writeValue(body, form.get());
        } catch (HeldBytes.BudgetSpent e) {
            drop(body, QUEUE_FULL);
            return;
        } catch (IOException | RuntimeException e) {
            LOG.warnf("payload log: the %s of %s %s could not be written as JSON: %s", type, model, version, e);
            drop(body, UNWRITABLE);
            return;
        }
        queue.add(new Event(id, type, model, version, now, body));
    }

    /** A random (version 4) UUID without SecureRandom, which a request thread should not contend for. */
    private static String inferenceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long most = random.nextLong() & ~0xF000L | 0x4000L;
        long least = random.nextLong() & ~(0xC000L << 48) | (0x8000L << 48);
        return new UUID(most, least).toString();
    }

    /** The next event to send, waiting up to {@code millis}; null if none came. */
    Event next(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    boolean idle() {
        return heldEvents.get() == 0;
    }

    void sent(Event event) {
        sent.increment();
        release(event.body());
    }

    void dropped(Event event, String reason) {
        drop(event.body(), reason);
    }

    /** Every event still queued, dropped: the sender has stopped. */
    void dropQueued() {
        for (Event event = queue.poll(); event != null; event = queue.poll()) {
            drop(event.body(), SHUTDOWN);
        }
    }

    private void drop(HeldBytes body, String reason) {
        dropped.get(reason).increment();
        release(body);
    }

    private void release(HeldBytes body) {
        body.release();
        heldEvents.decrementAndGet();
    }

    URI source() {
        return source;
    }

    Optional<String> namespace() {
        return config.namespace();
    }

    private static Counter droppedCounter(MeterRegistry registry, String reason) {
        return Counter.builder("payload.log.dropped").description("Payload-log events not delivered, by why")
                .tag("reason", reason).register(registry);
    }

    private static String hostName() {
        String pod = System.getenv("HOSTNAME");
        if (pod != null && !pod.isBlank()) {
            return pod;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
