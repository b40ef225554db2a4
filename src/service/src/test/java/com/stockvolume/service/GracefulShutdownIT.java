package com.stockvolume.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.PackagedService;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to the packaged service under load, as Kubernetes sends it on a rolling update:
 * readiness turns DOWN at once; every request sent before SIGTERM gets its right answer, and every
 * request after it either that or a clean refusal (503, no connection, or an HTTP/2 GOAWAY saying
 * it was not processed), never an error or a broken answer (clients stop sending shortly after
 * readiness is DOWN, as a Service drops the endpoint); a request after the drain delay is refused
 * cleanly; and the process exits within the drain delay plus the shutdown timeout.
 */
class GracefulShutdownIT {

    /** Long enough that a busy machine still sees readiness DOWN within half of it, as the kubelet would. */
    private static final Duration DELAY = Duration.ofSeconds(6);
    /** How long after the drain delay a new request is sent: the shutdown has begun by then, however busy the machine. */
    private static final Duration AFTER_DELAY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** How long after readiness is DOWN clients keep sending: a Service's endpoint propagation. */
    private static final Duration PROPAGATION = Duration.ofMillis(300);

    @TempDir
    Path temp;

    @Test
    void sigtermUnderLoadFailsNoRequest() throws Exception {
        int port = PackagedService.freePort();
        int managementPort = PackagedService.freePort();
        Process service = new ProcessBuilder(PackagedService.command(
                "quarkus.http.port=" + port, "quarkus.http.host=127.0.0.1",
                "quarkus.management.port=" + managementPort, "quarkus.management.host=127.0.0.1",
                "quarkus.shutdown.delay=" + DELAY.toSeconds() + "s",
                "quarkus.shutdown.timeout=" + TIMEOUT.toSeconds() + "s"))
                .redirectErrorStream(true)
                .redirectOutput(temp.resolve("service.log").toFile())
                .start();
        try {
            String base = "http://127.0.0.1:" + port;
            String management = "http://127.0.0.1:" + managementPort;
            // HTTP/1.1 with keep-alive, as the service's callers speak it (Python requests, k6, wrk, the kubelet)
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            PackagedService.awaitReady(http, management);

            Sample sample = CommittedModel.samples().get(0);
            String expected = Long.toString((long) sample.prediction());
            URI predict = URI.create(base + "/predict?vol_moving_avg=" + sample.features()[0]
                    + "&adj_close_rolling_med=" + sample.features()[1]);
            AtomicReference<Long> stopSendingAt = new AtomicReference<>(Long.MAX_VALUE);
            AtomicReference<Long> sigtermAt = new AtomicReference<>(Long.MAX_VALUE);
            AtomicLong answered = new AtomicLong();
            List<String> failures = new CopyOnWriteArrayList<>();
            List<String> refused = new CopyOnWriteArrayList<>();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                Thread client = new Thread(() -> {
                    while (System.nanoTime() < stopSendingAt.get()) {
                        long sent = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(
                                    HttpRequest.newBuilder(predict).timeout(Duration.ofSeconds(10)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200 && r.body().equals(expected)) {
                                answered.incrementAndGet();
                            } else if (r.statusCode() == 503 && sent > sigtermAt.get()) {
                                refused.add("503 at " + (sent - sigtermAt.get()) / 1_000_000 + " ms");
                            } else {
                                failures.add("HTTP " + r.statusCode() + " " + r.body());
                            }
                        } catch (IOException e) {
                            // An HTTP/2 GOAWAY tells the client the server did not process the request:
                            // a clean refusal, as long as it comes after SIGTERM
                            boolean notProcessed = String.valueOf(e.getMessage()).contains("not processed");
                            if (sent > sigtermAt.get() && (notProcessed || e instanceof ConnectException)) {
                                refused.add(
                                        e.getClass().getSimpleName() + " at " + (sent - sigtermAt.get()) / 1_000_000 + " ms");
                            } else {
                                failures.add(e + " at " + (sent - sigtermAt.get()) / 1_000_000 + " ms after SIGTERM");
                            }
                        } catch (InterruptedException e) {
                            failures.add(e.toString());
                        }
                    }
                });
                client.start();
                clients.add(client);
            }
            // under load before SIGTERM: wait for 100 answers, however long a busy machine takes (bounded)
            long loadDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (answered.get() < 100 && System.nanoTime() < loadDeadline && failures.isEmpty()) {
                Thread.sleep(20);
            }
            long answeredBeforeSigterm = answered.get();
            assertTrue(answeredBeforeSigterm >= 100, "100 answers before SIGTERM, within 60 s: " + answeredBeforeSigterm);

            long sigterm = System.nanoTime();
            sigtermAt.set(sigterm);
            service.destroy(); // SIGTERM
            Map<Integer, Long> readinessSeen = new HashMap<>();
            while (System.nanoTime() - sigterm < DELAY.toNanos() / 2 && !readinessSeen.containsKey(503)) {
                int status = http.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                readinessSeen.putIfAbsent(status, System.nanoTime() - sigterm);
            }
            assertTrue(readinessSeen.containsKey(503), "readiness DOWN within half the drain delay: " + readinessSeen);
            stopSendingAt.set(System.nanoTime() + PROPAGATION.toNanos());
            for (Thread client : clients) {
                client.join();
            }
            System.out.printf("answered %d (%d before SIGTERM); refused cleanly after SIGTERM: %s%n",
                    answered.get(), answeredBeforeSigterm, refused);
            assertEquals(List.of(), failures, "requests that failed during shutdown (refused cleanly: " + refused + ")");
            assertTrue(answered.get() > answeredBeforeSigterm,
                    "answers after SIGTERM too: " + answeredBeforeSigterm + " / " + answered.get());

            // after the drain delay, a new request is refused cleanly: 503 while in-flight work ends, or no connection
            Thread.sleep(Math.max(0, DELAY.plus(AFTER_DELAY).toMillis() - (System.nanoTime() - sigterm) / 1_000_000));
            try {
                int status = http.send(HttpRequest.newBuilder(predict).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode();
                assertEquals(503, status, "a request after the drain delay");
            } catch (ConnectException portClosed) {
                // the process has already closed its port
            }

            assertTrue(service.waitFor(DELAY.plus(TIMEOUT).toSeconds() + 5, TimeUnit.SECONDS),
                    "the process exits within the drain delay plus the shutdown timeout");
            assertTrue(service.exitValue() == 0 || service.exitValue() == 143, "exit code " + service.exitValue());
        } finally {
            service.destroyForcibly();
        }
    }

}
