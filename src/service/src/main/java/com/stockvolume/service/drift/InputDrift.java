package com.stockvolume.service.drift;

import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.FeatureSpec;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Input drift per model version: a bounded sliding sample of the rows it was asked about, and
 * model_input_psi{model,version,feature}, each feature's population stability index against its card's
 * reference deciles, recomputed off the request path every few seconds (NaN until the sample holds
 * {@link #MIN_ROWS} rows). A version whose card has no reference quantiles has no drift meters.
 */
@ApplicationScoped
public class InputDrift {

    /** Rows the sliding sample holds per version: the newest ones. */
    static final int SAMPLE_ROWS = 4096;
    /** At most this many rows of one request enter the sample (spread over it), so no one batch fills it. */
    static final int ROWS_PER_REQUEST = 64;
    /** Rows the sample needs before a PSI is reported. */
    static final int MIN_ROWS = 200;

    private final MeterRegistry registry;
    private final Map<List<String>, Version> versions = new ConcurrentHashMap<>();

    public InputDrift(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One version's sample (a ring of rows) and its features' last PSI. */
    private static final class Version {

        final List<FeatureSpec> features;
        final double[][] values; // [feature][slot]
        final double[] psi;
        final List<Gauge> gauges = new ArrayList<>();
        int next;
        int size;

        Version(List<FeatureSpec> features) {
            this.features = features;
            this.values = new double[features.size()][SAMPLE_ROWS];
            this.psi = new double[features.size()];
            Arrays.fill(psi, Double.NaN);
        }

        synchronized void add(double[] rows, int columns) {
            int n = rows.length / columns;
            int step = Math.max(1, n / ROWS_PER_REQUEST);
            for (int r = 0; r < n; r += step) {
                for (int f = 0; f < values.length; f++) {
                    values[f][next] = rows[r * columns + f];
                }
                next = (next + 1) % SAMPLE_ROWS;
                size = Math.min(SAMPLE_ROWS, size + 1);
            }
        }

        synchronized void forget() {
            next = 0;
            size = 0;
            Arrays.fill(psi, Double.NaN);
        }

        void recompute() {
            double[][] copy = new double[values.length][];
            int rows;
            synchronized (this) {
                rows = size;
                for (int f = 0; f < values.length; f++) {
                    copy[f] = values[f].clone();
                }
            }
            for (int f = 0; f < values.length; f++) {
                psi[f] = rows < MIN_ROWS
                        ? Double.NaN
                        : PopulationStability.index(features.get(f).referenceQuantiles(),
                                features.get(f).referenceShares(), copy[f], rows);
            }
        }
    }

    /** Starts a loaded version's sample and meters, when its card has every feature's reference quantiles. */
    public void loaded(String name, String version, ModelCard card) {
        List<FeatureSpec> features = card.features();
        if (features == null || features.isEmpty() || features.stream().anyMatch(f -> f.referenceQuantiles() == null)) {
            return;
        }
        Version v = new Version(features);
        for (int f = 0; f < features.size(); f++) {
            int feature = f;
            v.gauges.add(Gauge.builder("model.input.psi", v, x -> x.psi[feature])
                    .description("Population stability index of the feature's recent inputs against its training"
                            + " deciles (below 0.1 stable, above 0.25 shifted); NaN until " + MIN_ROWS + " rows were seen")
                    .tags("model", name, "version", version, "feature", features.get(f).name())
                    .register(registry));
        }
        versions.put(List.of(name, version), v);
    }

    public void unloaded(String name, String version) {
        Version removed = versions.remove(List.of(name, version));
        if (removed != null) {
            removed.gauges.forEach(registry::remove);
        }
    }

    /** The rows a version was asked about (row-major): a few of them enter its sample. */
    public void observe(String name, String version, double[] rows) {
        Version v = versions.get(List.of(name, version));
        if (v != null) {
            v.add(rows, v.features.size());
        }
    }

    /** Empties every version's sample: rows seen so far were not callers' (the warm-up's samples). */
    public void forget() {
        versions.values().forEach(Version::forget);
    }

    // Skipped while the application is not running: a run queued just before a failed startup's exit
    // otherwise ran after the container was gone and logged a second, misleading ERROR.
    @Scheduled(every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void recompute() {
        versions.values().forEach(Version::recompute);
    }

    /** The version's features' last PSI by name, for tests and the model endpoint; empty without drift meters. */
    public Map<String, Double> psi(String name, String version) {
        Version v = versions.get(List.of(name, version));
        if (v == null) {
            return Map.of();
        }
        Map<String, Double> byFeature = new LinkedHashMap<>();
        for (int f = 0; f < v.features.size(); f++) {
            byFeature.put(v.features.get(f).name(), v.psi[f]);
        }
        return byFeature;
    }
}
