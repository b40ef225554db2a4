package com.stockvolume.service.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.service.config.WarmupConfig;
import com.stockvolume.service.drift.InputDrift;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelVersions;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Warm-up before readiness, as Triton's {@code model_warmup} does it: for {@code warmup.duration} after
 * the models load, the service sends itself its models' card samples over HTTP on 127.0.0.1 (GET
 * /predict, POST /v1/predictions and /v2/models/{name}/infer, one row and all samples), through the
 * same stack callers use, so that the JIT has compiled their path before Kubernetes sends a pod
 * traffic. Readiness stays DOWN ("warming up") until it ends; the drift samples it fed are then
 * forgotten. Its requests count in the HTTP and model meters like any. An answer other than 200 or
 * 503 ends it early, logged: a warm-up never keeps a pod from serving.
 */
@ApplicationScoped
public class Warmup {

    private static final Logger LOG = Logger.getLogger(Warmup.class);

    /** One sample request: method, path and query, JSON body or null. */
    record Sample(HttpMethod method, String uri, String body) {
    }

    private final WarmupConfig config;
    private final ModelRegistry registry;
    private final InputDrift drift;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final AtomicBoolean started = new AtomicBoolean();

    public Warmup(WarmupConfig config, ModelRegistry registry, InputDrift drift, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.registry = registry;
        this.drift = drift;
        this.json = json;
        this.vertx = vertx;
    }

    // fired (asynchronously) by each of the server's verticles: the first starts the one warm-up
    void start(@ObservesAsync HttpServerStart server) {
        if (config.duration().isZero() || !started.compareAndSet(false, true)) {
            return;
        }
        int port = server.options().getPort();
        Thread thread = new Thread(() -> run(port), "warmup");
        thread.setDaemon(true);
        thread.start();
    }

    private void run(int port) {
        try {
            while (!registry.attempted()) {
                Thread.sleep(20);
            }
            if (registry.loaded()) {
                warmUp(port, samples(registry.current(), registry.defaultName()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | JsonProcessingException e) {
            LOG.warnf("warm-up ended early: %s", e.toString());
        } finally {
            registry.warmedUp();
        }
    }

    private void warmUp(int port, List<Sample> samples) throws InterruptedException {
        int connections = config.connections();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(port).setMaxPoolSize(connections).setKeepAlive(true));
        long start = System.nanoTime();
        long end = start + config.duration().toNanos();
        AtomicLong sent = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        CountDownLatch finished = new CountDownLatch(connections);
        for (int c = 0; c < connections; c++) {
            next(client, samples, end, sent, failure, finished);
        }
        // each request is bounded by its own timeout, so this ends soon after the duration
        finished.await();
        client.close();
        drift.forget();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            LOG.warnf("warm-up ended early after %d requests in %.1f s: %s", sent.get(), seconds, failure.get());
        } else {
            LOG.infof("warm-up: %d sample requests in %.1f s", sent.get(), seconds);
        }
    }

    /** One connection's loop: the next sample, until the time is up or an answer is wrong. */
    private void next(HttpClient client, List<Sample> samples, long end, AtomicLong sent,
            AtomicReference<String> failure, CountDownLatch finished) {
        if (System.nanoTime() >= end || failure.get() != null) {
            finished.countDown();
            return;
        }
        Sample sample = samples.get((int) (sent.getAndIncrement() % samples.size()));
        RequestOptions options = new RequestOptions().setMethod(sample.method()).setURI(sample.uri())
                .setTimeout(10_000);
        if (sample.body() != null) {
            options.putHeader("Content-Type", "application/json");
        }
        client.request(options)
                .compose(request -> sample.body() == null ? request.send() : request.send(Buffer.buffer(sample.body())))
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(answer -> {
                    if (answer.failed()) {
                        failure.compareAndSet(null, sample.method() + " " + sample.uri() + ": " + answer.cause());
                    } else if (answer.result() != 200 && answer.result() != 503) { // 503: shed, as a caller would be
                        failure.compareAndSet(null, sample.method() + " " + sample.uri() + " answered " + answer.result());
                    }
                    next(client, samples, end, sent, failure, finished);
                });
    }

    /**
     * The sample requests of the served models' default versions: for the default model GET /predict
     * per sample (when it takes the original API's two features) and POST /v1/predictions of all;
     * for every model POST /v2/models/{name}/infer of one sample and of all.
     */
    List<Sample> samples(Map<String, ModelVersions> served, String defaultName) throws JsonProcessingException {
        List<Sample> samples = new ArrayList<>();
        for (ModelVersions model : served.values()) {
            ModelCard card = model.defaultModel().card();
            List<String> columns = card.inputs().get(0).columns();
            List<double[]> rows = card.samples().stream().map(ModelCard.Sample::features).toList();
            if (model.name().equals(defaultName)) {
                if (columns.equals(List.of("vol_moving_avg", "adj_close_rolling_med"))) {
                    for (double[] row : rows) {
                        samples.add(new Sample(HttpMethod.GET, "/predict?vol_moving_avg=" + query(row[0])
                                + "&adj_close_rolling_med=" + query(row[1]), null));
                    }
                }
                List<Map<String, Double>> instances = new ArrayList<>();
                for (double[] row : rows) {
                    Map<String, Double> instance = new LinkedHashMap<>();
                    for (int c = 0; c < columns.size(); c++) {
                        instance.put(columns.get(c), row[c]);
                    }
                    instances.add(instance);
                }
                samples.add(new Sample(HttpMethod.POST, "/v1/predictions",
                        json.writeValueAsString(Map.of("instances", instances))));
            }
            String infer = "/v2/models/" + model.name() + "/infer";
            samples.add(new Sample(HttpMethod.POST, infer, inferBody(card, rows.subList(0, 1))));
            samples.add(new Sample(HttpMethod.POST, infer, inferBody(card, rows)));
        }
        return samples;
    }

    private String inferBody(ModelCard card, List<double[]> rows) throws JsonProcessingException {
        int columns = card.inputs().get(0).columns().size();
        double[] data = new double[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, data, r * columns, columns);
        }
        return json.writeValueAsString(Map.of("inputs", List.of(Map.of("name", card.inputs().get(0).name(),
                "shape", List.of(rows.size(), columns), "datatype", "FP64", "data", data))));
    }

    private static String query(double value) {
        return URLEncoder.encode(Double.toString(value), StandardCharsets.UTF_8);
    }
}
