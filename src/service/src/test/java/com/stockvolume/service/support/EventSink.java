package com.stockvolume.service.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A payload-log sink on 127.0.0.1: every post is read by the CloudEvents SDK's own HTTP reader (binary or structured
 * mode, as the spec says) and kept; a post it cannot read is answered 400 and kept as an error.
 */
public final class EventSink implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<CloudEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();

    private EventSink(HttpServer server) {
        this.server = server;
    }

    public static EventSink start() {
        try {
            EventSink sink = new EventSink(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
            sink.server.createContext("/", sink::receive);
            sink.server.setExecutor(Executors.newFixedThreadPool(4, r -> {
                Thread thread = new Thread(r, "event-sink");
                thread.setDaemon(true);
                return thread;
            }));
            sink.server.start();
            return sink;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    private void receive(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status = 202;
        try {
            events.add(HttpMessageFactory.createReaderFromMultimap(exchange.getRequestHeaders(), body).toEvent());
        } catch (RuntimeException e) {
            errors.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e);
            status = 400;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    public List<CloudEvent> events() {
        return List.copyOf(events);
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The first event received that matches, waiting for it with {@link Conditions}' bound. */
    public CloudEvent await(Predicate<CloudEvent> match) throws InterruptedException {
        List<CloudEvent> found = new ArrayList<>();
        Conditions.waitUntil(() -> {
            events.stream().filter(match).findFirst().ifPresent(found::add);
            return !found.isEmpty();
        });
        return found.get(0);
    }

    public static JsonNode data(CloudEvent event) {
        try {
            return JSON.readTree(event.getData().toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A sink that never answers: it listens, and never accepts, so a post's connection completes in the kernel's
     * backlog and then waits for an answer that never comes.
     */
    public static ServerSocket dead() {
        try {
            return new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
