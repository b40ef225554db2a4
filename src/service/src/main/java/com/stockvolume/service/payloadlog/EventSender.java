package com.stockvolume.service.payloadlog;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Posts the payload log's events to the sink, one post per event in CloudEvents' HTTP binary mode (the attributes as
 * {@code ce-} headers, the JSON as the body), from {@code payload-log.connections} threads of its own. No retries: an
 * event the sink does not take in time is dropped and counted, so that a dead sink costs at most the queue.
 */
final class EventSender {

    private static final Logger LOG = Logger.getLogger(EventSender.class);
    private static final String JSON = "application/json";

    private final PayloadLog log;
    private final URI sink;
    private final Duration timeout;
    private final HttpClient client;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private EventSender(PayloadLog log, URI sink, Duration timeout) {
        this.log = log;
        this.sink = sink;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    static EventSender start(PayloadLog log, URI sink, Duration timeout, int connections) {
        EventSender sender = new EventSender(log, sink, timeout);
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(sender::sendUntilStopped, "payload-log-" + t);
            thread.setDaemon(true);
            sender.threads.add(thread);
            thread.start();
        }
        LOG.infof("payload log: posting inference events to %s (%d connections)", sink, connections);
        return sender;
    }

    /**
     * Sends what is queued for up to {@code grace} (requests in flight at shutdown have already answered), then stops
     * the threads and drops what is left, counted.
     */
    void stop(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (!log.idle() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        stopping = true;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        log.dropQueued();
    }

    private void sendUntilStopped() {
        while (!stopping) {
            PayloadLog.Event event;
            try {
                event = log.next(500);
            } catch (InterruptedException e) {
                return; // stopping
            }
            if (event != null) {
                send(event);
            }
        }
    }

    private void send(PayloadLog.Event event) {
        HttpRequest.Builder post = HttpRequest.newBuilder(sink).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(event.body().buffer(), 0, event.body().length()));
        HttpMessageFactory.createWriter(post::header, body -> {
            // the body is the event's own bytes, given above
        }).writeBinary(attributes(event));
        try {
            int status = client.send(post.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 == 2) {
                log.sent(event);
            } else {
                log.dropped(event, PayloadLog.SINK_REFUSED);
            }
        } catch (HttpTimeoutException e) {
            log.dropped(event, PayloadLog.SINK_TIMEOUT);
        } catch (IOException e) {
            log.dropped(event, PayloadLog.SINK_UNREACHABLE);
        } catch (InterruptedException e) {
            log.dropped(event, PayloadLog.SHUTDOWN);
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /** KServe's attributes: the model as {@code inferenceservicename}, the version that answered as {@code endpoint}. */
    private CloudEvent attributes(PayloadLog.Event event) {
        CloudEventBuilder builder = CloudEventBuilder.v1().withId(event.id()).withType(event.type())
                .withSource(log.source())
                .withTime(Instant.ofEpochMilli(event.epochMillis()).atOffset(ZoneOffset.UTC))
                .withDataContentType(JSON).withExtension("inferenceservicename", event.model())
                .withExtension("endpoint", event.version()).withExtension("component", "predictor");
        log.namespace().ifPresent(namespace -> builder.withExtension("namespace", namespace));
        return builder.build();
    }
}
