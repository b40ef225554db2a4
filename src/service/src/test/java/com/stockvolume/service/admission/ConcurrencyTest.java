package com.stockvolume.service.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.service.support.CommittedModel;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 32 clients at once, 500 mixed requests each, on the one shared session: every answer must be
 * the right one for its own request, not merely a 200. A busy machine may shed a batch (503 with
 * Retry-After, as documented); the client then does what a client should, retries after the hint,
 * so what is tested is correctness, never speed.
 */
@QuarkusTest
class ConcurrencyTest {

    private static final int THREADS = 32;
    private static final int REQUESTS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyConcurrentAnswerIsCorrect() throws Exception {
        String base = RestAssured.baseURI + ":" + RestAssured.port;
        List<Sample> samples = CommittedModel.samples();
        HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Integer> work = () -> {
                    int correct = 0;
                    for (int r = 0; r < REQUESTS; r++) {
                        int k = (thread * 7 + r) % samples.size();
                        correct += r % 2 == 0 ? getOne(client, base, samples.get(k)) : postThree(client, base, samples, k);
                    }
                    return correct;
                };
                results.add(pool.submit(work));
            }
            int correct = 0;
            for (Future<Integer> result : results) {
                correct += result.get();
            }
            assertEquals(THREADS * REQUESTS, correct);
        } finally {
            pool.shutdownNow();
        }
    }

    private static int getOne(HttpClient client, String base, Sample sample) throws Exception {
        URI uri = URI.create(base + "/predict?vol_moving_avg=" + sample.features()[0]
                + "&adj_close_rolling_med=" + sample.features()[1]);
        HttpResponse<String> response = answered(client, HttpRequest.newBuilder(uri).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Long.toString((long) sample.prediction()), response.body());
        return 1;
    }

    private static int postThree(HttpClient client, String base, List<Sample> samples, int first) throws Exception {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < 3; i++) {
            Sample s = samples.get((first + i) % samples.size());
            body.append(i == 0 ? "" : ",").append("{\"vol_moving_avg\":").append(s.features()[0])
                    .append(",\"adj_close_rolling_med\":").append(s.features()[1]).append('}');
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/predictions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString()))
                .build();
        HttpResponse<String> response = answered(client, request);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode predictions = JSON.readTree(response.body()).get("predictions");
        for (int i = 0; i < 3; i++) {
            double expected = samples.get((first + i) % samples.size()).prediction();
            assertEquals(expected, predictions.get(i).get("volume").asDouble(), 1e-9 * Math.max(1, expected));
        }
        return 1;
    }

    /** The answer, sent again after its Retry-After while the service sheds it, for at most two minutes. */
    private static HttpResponse<String> answered(HttpClient client, HttpRequest request) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            Optional<String> retryAfter = response.headers().firstValue("Retry-After");
            if (response.statusCode() != 503 || retryAfter.isEmpty() || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(retryAfter.get())));
        }
    }
}
