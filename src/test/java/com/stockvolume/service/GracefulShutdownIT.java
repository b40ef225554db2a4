package com.stockvolume.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard.Sample;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the packaged service under load, as Kubernetes sends it on a rolling update:
 * readiness turns DOWN at once, every request sent keeps its right answer (clients stop sending
 * shortly after readiness is DOWN, as a Service drops the endpoint), a request after the drain
 * delay is refused cleanly (503, or no connection once the process is gone), and the process
 * exits within the drain delay plus the shutdown timeout.
 */
class GracefulShutdownIT {

    private static final Duration DELAY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long after readiness is DOWN clients keep sending: a Service's endpoint propagation. */
    private static final Duration PROPAGATION = Duration.ofMillis(300);

    @TempDir
    Path temp;

    @Test
    void sigtermUnderLoadFailsNoRequest() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process service = new ProcessBuilder(PackagedService.command(
                "quarkus.http.port=" + port, "quarkus.http.host=127.0.0.1",
                "quarkus.shutdown.delay=" + DELAY.toSeconds() + "s",
                "quarkus.shutdown.timeout=" + TIMEOUT.toSeconds() + "s"))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("service.log").toFile())
                .start();
        try {
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            awaitReady(http, base);

            Sample sample = CommittedModel.samples().get(0);
            String expected = Long.toString((long) sample.prediction());
            URI predict = URI.create(base + "/predict?vol_moving_avg=" + sample.features()[0]
                    + "&adj_close_rolling_med=" + sample.features()[1]);
            AtomicReference<Long> stopSendingAt = new AtomicReference<>(Long.MAX_VALUE);
            AtomicLong answered = new AtomicLong();
            List<String> failures = new CopyOnWriteArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Thread client = new Thread(() -> {
                    while (System.nanoTime() < stopSendingAt.get()) {
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 || !r.body().equals(expected)) {
                                failures.add("HTTP " + r.statusCode() + " " + r.body());
                            } else {
                                answered.incrementAndGet();
                            }
                        } catch (IOException | InterruptedException e) {
                            failures.add(e.toString());
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            Thread.sleep(1000);
            long answeredBeforeSigterm = answered.get();

            long sigterm = System.nanoTime();
            service.destroy(); // SIGTERM
            Map<Integer, Long> readinessSeen = new ConcurrentHashMap<>();
            while (System.nanoTime() - sigterm < DELAY.toNanos() / 2 && !readinessSeen.containsKey(503)) {
                int status = http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                readinessSeen.putIfAbsent(status, System.nanoTime() - sigterm);
            }
            assertTrue(readinessSeen.containsKey(503), "readiness DOWN within half the drain delay: " + readinessSeen);
            stopSendingAt.set(System.nanoTime() + PROPAGATION.toNanos());
            for (Thread client : clients) {
                client.join();
            }
            assertEquals(List.of(), failures, "requests that failed during shutdown");
            assertTrue(answeredBeforeSigterm > 100 && answered.get() > answeredBeforeSigterm,
                    "load before and after SIGTERM: " + answeredBeforeSigterm + " / " + answered.get());

            // after the drain delay, a new request is refused cleanly: 503 while in-flight work ends, or no connection
            Thread.sleep(Math.max(0, DELAY.toMillis() - (System.nanoTime() - sigterm) / 1_000_000 + 200));
            try {
                int status = http.send(HttpRequest.newBuilder(predict).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                assertEquals(503, status, "a request after the drain delay");
            } catch (ConnectException refused) {
                // the process has already closed its port
            }

            assertTrue(service.waitFor(DELAY.plus(TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS),
                    "the process exits within the drain delay plus the shutdown timeout");
            assertTrue(service.exitValue() == 0 || service.exitValue() == 143, "exit code " + service.exitValue());
        } finally {
            service.destroyForcibly();
        }
    }

    private static void awaitReady(HttpClient http, String base) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not become ready");
    }
}
