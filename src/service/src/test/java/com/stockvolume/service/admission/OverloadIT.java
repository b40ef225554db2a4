package com.stockvolume.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Metrics;
import com.stockvolume.service.support.PackagedService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No OutOfMemoryError under any mix of requests inside the documented limits: the packaged service
 * at the image's heap (64 MB, Serial GC, exiting on OutOfMemoryError) takes 48 clients at once, each
 * sending the largest requests it may (10,000-row batches with and without a declared length,
 * 10,000-row Open Inference Protocol tensors, 20,000 bars answered for every date) with single rows
 * in between; then 700 batches at once, more than it reads and queues together. Every answer must be
 * a correct 200 or a 503 with Retry-After; afterwards the process is alive, logged no
 * OutOfMemoryError, holds nothing of its budgets and serves every kind. Counts, not timings: a slow
 * machine only turns more answers into 503s, and nothing here asserts how many.
 */
class OverloadIT {

    private static final int CLIENTS = 48;
    private static final int REQUESTS_PER_CLIENT = 12;
    private static final int ROWS = 10_000;
    private static final int BARS = 20_000;
    private static final int BURST = 700;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Sample> samples = CommittedModel.samples();

    @Test
    void theLargestRequestsFromManyClientsAtOnceNeverRunTheHeapOut() throws Exception {
        int port = PackagedService.freePort();
        int management = PackagedService.freePort();
        Path log = temp.resolve("service.log");
        Process service = new ProcessBuilder(PackagedService.command(
                List.of("-Xms64m", "-Xmx64m", "-XX:+ExitOnOutOfMemoryError"),
                "quarkus.http.port=" + port, "quarkus.http.host=127.0.0.1",
                "quarkus.management.port=" + management, "quarkus.management.host=127.0.0.1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newFixedThreadPool(4)).build();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            String base = "http://127.0.0.1:" + port;
            String admin = "http://127.0.0.1:" + management;
            PackagedService.awaitReady(http, admin);
            byte[] rows = rowsBody();
            byte[] tensor = tensorBody();
            byte[] bars = barsBody();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                        switch ((client + r) % 5) {
                            case 0 -> rowsAnswered(http.send(post(base + "/v1/predictions", rows, true), ofString()), "v1");
                            case 1 ->
                                rowsAnswered(http.send(post(base + "/v1/predictions", rows, false), ofString()), "v1-chunked");
                            case 2 -> tensorAnswered(
                                    http.send(post(base + "/v2/models/stock-volume/infer", tensor, true), ofString()));
                            case 3 -> barsAnswered(http.send(post(base + "/v1/predictions/from-bars", bars, true), ofString()));
                            default -> singleAnswered(http.send(HttpRequest.newBuilder(URI.create(base
                                    + "/predict?vol_moving_avg=" + samples.get(0).features()[0]
                                    + "&adj_close_rolling_med=" + samples.get(0).features()[1])).build(), ofString()));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                try {
                    client.get(10, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    // a connection the service dropped: say whether it is still running, and what it logged
                    throw new AssertionError("a client's request failed (" + e.getCause() + "); the service is "
                            + (service.isAlive() ? "running" : "gone, exit " + service.exitValue()) + ": " + tail(log), e);
                }
            }
            // then more connections at once than the service reads and queues together (at 64 MB:
            // ~10 bodies in flight and 512 waiting unread), so that some are refused at once
            List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(http.sendAsync(post(base + "/v1/predictions", rows, true), ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> answer : burst) {
                rowsAnswered(answer.get(10, TimeUnit.MINUTES), "burst");
            }

            assertTrue(service.isAlive(), "the service is still running: " + tail(log));
            String output = Files.readString(log);
            assertFalse(output.contains("OutOfMemoryError"), "no OutOfMemoryError: " + tail(log));
            assertEquals(CLIENTS * REQUESTS_PER_CLIENT + BURST, counts.values().stream().mapToInt(AtomicInteger::get).sum(),
                    "every request answered 200 or 503 with Retry-After: " + counts);
            // How many were shed, and of which kind, depends on the machine's speed: not asserted here.
            // That a full queue refuses at once is AdmissionTest's, with a held body instead of a race.
            // nothing leaked: every budget is whole again, and the service answers at once
            String metrics = http.send(HttpRequest.newBuilder(URI.create(admin + "/q/metrics")).build(), ofString()).body();
            for (String resource : List.of("body_bytes", "rows", "waiting", "inference")) {
                assertEquals(0.0, Metrics.value(metrics, "admission_in_use{resource=\"" + resource + "\"}"), resource);
            }
            // and every kind of request is served after the load, each the largest it may be
            Map<String, Integer> before = Map.of("after", 0, "after-chunked", 0, "v2", served("v2"), "from-bars",
                    served("from-bars"));
            rowsAnswered(http.send(post(base + "/v1/predictions", rows, true), ofString()), "after");
            rowsAnswered(http.send(post(base + "/v1/predictions", rows, false), ofString()), "after-chunked");
            tensorAnswered(http.send(post(base + "/v2/models/stock-volume/infer", tensor, true), ofString()));
            barsAnswered(http.send(post(base + "/v1/predictions/from-bars", bars, true), ofString()));
            before.forEach((kind, count) -> assertEquals(count + 1, served(kind), kind + " after the load: " + counts));
        } finally {
            clients.shutdownNow();
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
        System.out.println("OverloadIT answers: " + counts);
    }

    private static HttpResponse.BodyHandler<String> ofString() {
        return HttpResponse.BodyHandlers.ofString();
    }

    private static HttpRequest post(String url, byte[] body, boolean declareLength) {
        HttpRequest.BodyPublisher publisher = declareLength
                ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)); // chunked
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(publisher).build();
    }

    /** Counts a 503 with Retry-After as shed; returns the body of a 200; fails on anything else. */
    private JsonNode answered(HttpResponse<String> response, String kind) throws IOException {
        int status = response.statusCode();
        if (status == 503) {
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), kind + ": 503 without Retry-After");
            count(kind + " 503");
            return null;
        }
        assertEquals(200, status, kind + ": " + abbreviate(response.body()));
        count(kind + " 200");
        return JSON.readTree(response.body());
    }

    private void rowsAnswered(HttpResponse<String> response, String kind) throws IOException {
        JsonNode body = answered(response, kind);
        if (body != null) {
            JsonNode predictions = body.get("predictions");
            assertEquals(ROWS, predictions.size());
            for (int i = 0; i < ROWS; i += 997) {
                double expected = samples.get(i % samples.size()).prediction();
                assertEquals(expected, predictions.get(i).get("volume").asDouble(), 1e-9 * expected, kind + " row " + i);
            }
        }
    }

    private int served(String kind) {
        return counts.getOrDefault(kind + " 200", new AtomicInteger()).get();
    }

    private void tensorAnswered(HttpResponse<String> response) throws IOException {
        JsonNode body = answered(response, "v2");
        if (body != null) {
            JsonNode data = body.at("/outputs/0/data");
            assertEquals(ROWS, data.size());
            for (int i = 0; i < ROWS; i += 997) {
                double expected = samples.get(i % samples.size()).prediction();
                assertEquals(expected, data.get(i).asDouble(), 1e-9 * expected, "v2 row " + i);
            }
        }
    }

    private void barsAnswered(HttpResponse<String> response) throws IOException {
        JsonNode body = answered(response, "from-bars");
        if (body != null) {
            assertEquals(BARS, body.get("predictions").size());
            assertTrue(body.at("/predictions/0/volume").asDouble() > 0);
        }
    }

    private void singleAnswered(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), "a single row is never shed: " + response.body());
        assertEquals(Long.toString((long) samples.get(0).prediction()), response.body());
        count("predict 200");
    }

    private void count(String key) {
        counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private byte[] rowsBody() {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < ROWS; i++) {
            Sample s = samples.get(i % samples.size());
            body.append(i == 0 ? "" : ",").append("{\"vol_moving_avg\":").append(s.features()[0])
                    .append(",\"adj_close_rolling_med\":").append(s.features()[1]).append('}');
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] tensorBody() {
        StringBuilder body = new StringBuilder("{\"inputs\":[{\"name\":\"features\",\"shape\":[" + ROWS
                + ",2],\"datatype\":\"FP64\",\"data\":[");
        for (int i = 0; i < ROWS; i++) {
            Sample s = samples.get(i % samples.size());
            body.append(i == 0 ? "" : ",").append(s.features()[0]).append(',').append(s.features()[1]);
        }
        return body.append("]}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** 20,000 daily bars of one symbol (the most from-bars takes), every date asked for. */
    private static byte[] barsBody() {
        StringBuilder body = new StringBuilder("{\"symbol\":\"LOAD\",\"dates\":\"all\",\"bars\":[");
        LocalDate date = LocalDate.of(1950, 1, 2);
        for (int i = 0; i < BARS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"date\":\"").append(date.plusDays(i))
                    .append("\",\"adj_close\":").append(20 + (i % 97) * 0.25)
                    .append(",\"volume\":").append(100_000 + (i * 7919L) % 900_000).append('}');
        }
        return body.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String text) {
        return text.length() < 300 ? text : text.substring(0, 300) + "...";
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
