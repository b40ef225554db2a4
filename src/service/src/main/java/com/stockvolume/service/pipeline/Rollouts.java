package com.stockvolume.service.pipeline;

import com.stockvolume.service.config.RolloutConfig;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.failure.ServiceException;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelVersions;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A model's roll-out of a candidate version, one at a time: a canary takes its share of the model's unversioned calls
 * (from-bars calls of one symbol all on one side, others drawn call by call); a shadow scores a sample of the calls the
 * default answers. Either way the other version scores the same call after the answer, off the request path
 * ({@link PairedScoring}), so that the two are compared on the same rows ({@link Comparison}). Calls that name a
 * version are left alone. Set and ended through the admin API; read by {@link InferencePipeline} per call (one map
 * look-up when no roll-out runs).
 */
@ApplicationScoped
public class Rollouts {

    /**
     * @param version the version taking {@code percent} of the model's unversioned calls
     * @param since when the split began
     */
    public record Canary(String version, double percent, Instant since) {
    }

    /**
     * @param version the version that also scores a sample of the calls the default answers
     * @param sample the share of those calls, drawn call by call
     * @param since when it began
     */
    public record Shadow(String version, double sample, Instant since) {
    }

    /** The version that scores a call after its answer, which side of the comparison it is, and the comparison. */
    record Pairing(String other, boolean otherIsCandidate, Comparison comparison) {
    }

    /** A comparison asked for that no roll-out of this service has made: 404. */
    static final class NoComparisonException extends ServiceException {

        NoComparisonException(String model, String version) {
            super(Failure.NOT_FOUND, "no canary or shadow of version '" + version + "' of model '" + model
                    + "' has been compared since the service started");
        }
    }

    private final ModelRegistry registry;
    private final MeterRegistry meters;
    private final int keptRows;
    private final Map<String, Canary> canaries = new ConcurrentHashMap<>();
    private final Map<String, Gauge> canaryGauges = new ConcurrentHashMap<>();
    private final Map<String, Shadow> shadows = new ConcurrentHashMap<>();
    /** The newest roll-out's comparison per model, kept after the roll-out ends until the next one begins. */
    private final Map<String, Comparison> comparisons = new ConcurrentHashMap<>();

    public Rollouts(ModelRegistry registry, MeterRegistry meters, RolloutConfig config) {
        this.registry = registry;
        this.meters = meters;
        this.keptRows = config.keptRows();
    }

    /**
     * Sends {@code percent} of the model's unversioned calls to {@code version}, replacing the model's roll-out if it had
     * one: 404 for a model or version not served, 400 naming the field for a missing or out-of-range value or the
     * default version.
     */
    public synchronized Canary startCanary(String model, String version, Double percent) {
        String candidate = candidate(model, version, "percent", percent, 100);
        Canary canary = new Canary(candidate, percent, Instant.now());
        begin(model, candidate, "canary");
        canaries.put(model, canary);
        canaryGauges.put(model, Gauge.builder("model.canary.percent", canary, Canary::percent)
                .description("The share of a model's unversioned calls its canary version takes, in percent")
                .tag("model", model).tag("version", candidate).register(meters));
        return canary;
    }

    /** Has {@code version} also score {@code sample} of the calls the default answers, replacing the model's roll-out. */
    public synchronized Shadow startShadow(String model, String version, Double sample) {
        String candidate = candidate(model, version, "sample", sample, 1);
        Shadow shadow = new Shadow(candidate, sample, Instant.now());
        begin(model, candidate, "shadow");
        shadows.put(model, shadow);
        return shadow;
    }

    /** Ends the model's canary, if it has one (every unversioned call to the default again); returns it, or null. */
    public synchronized Canary endCanary(String model) {
        registry.requireName(model);
        Gauge gauge = canaryGauges.remove(model);
        if (gauge != null) {
            meters.remove(gauge);
        }
        return canaries.remove(model);
    }

    /** Ends the model's shadow, if it has one; returns it, or null. Its comparison stays readable. */
    public synchronized Shadow endShadow(String model) {
        registry.requireName(model);
        return shadows.remove(model);
    }

    /** The model's canary, or null. */
    public Canary canary(String model) {
        return canaries.get(model);
    }

    /** The model's shadow, or null. */
    public Shadow shadow(String model) {
        return shadows.get(model);
    }

    /** The comparison of the model's newest roll-out, if it was of {@code version}; 404 otherwise. */
    public Comparison.Report comparison(String model, String version) {
        registry.requireName(model);
        Comparison comparison = comparisons.get(model);
        if (comparison == null || !comparison.version().equals(version)) {
            throw new NoComparisonException(model, version);
        }
        return comparison.report();
    }

    /**
     * The version as served ("03" is 3), once the request is valid: 400 naming each missing field or a share outside
     * (0, {@code most}], 404 unless the version is loaded, 400 for the default version.
     */
    private String candidate(String model, String version, String shareField, Double share, int most) {
        List<String> errors = new ArrayList<>();
        if (version == null || version.isBlank()) {
            errors.add("version: is required");
        }
        if (share == null) {
            errors.add(shareField + ": is required");
        } else if (!(share > 0 && share <= most)) {
            errors.add(shareField + ": must be more than 0 and at most " + most + ", got " + share);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid roll-out", errors);
        }
        ModelVersions served = registry.require(model);
        String canonical = registry.require(model, version).version();
        if (canonical.equals(served.defaultModel().version())) {
            throw new InvalidInputException("invalid roll-out",
                    List.of("version: " + canonical + " is the default version of " + model + " already"));
        }
        return canonical;
    }

    /** Ends the model's roll-out, and starts comparing the candidate with today's default. */
    private void begin(String model, String candidate, String mode) {
        endCanary(model);
        endShadow(model);
        Comparison old = comparisons.remove(model);
        if (old != null) {
            old.close(meters); // first: the new comparison's meters may carry the same name and tags
        }
        comparisons.put(model, new Comparison(model, candidate, registry.require(model).defaultModel().version(), mode,
                keptRows, meters));
    }

    /**
     * The version an unversioned call goes to: the canary's when the call falls in its share, else null (the
     * default). A call with a routing key falls on the same side as every call with that key.
     */
    String route(String model, String routingKey) {
        if (canaries.isEmpty()) {
            return null;
        }
        Canary canary = canaries.get(model);
        if (canary == null) {
            return null;
        }
        double draw = routingKey == null ? ThreadLocalRandom.current().nextDouble() * 100 : percentile(routingKey);
        return draw < canary.percent() ? canary.version() : null;
    }

    /**
     * For an unversioned call {@code served} by a version: the other version that scores it after the answer while a
     * roll-out runs (the default, for a canary's call; the shadow, for a sampled call of the default), or null.
     */
    Pairing pairing(String model, String served) {
        if (canaries.isEmpty() && shadows.isEmpty()) {
            return null;
        }
        Canary canary = canaries.get(model);
        if (canary != null) {
            return served.equals(canary.version())
                    ? new Pairing(registry.require(model).defaultModel().version(), false, comparisons.get(model))
                    : null;
        }
        Shadow shadow = shadows.get(model);
        if (shadow != null && !served.equals(shadow.version())
                && (shadow.sample() >= 1 || ThreadLocalRandom.current().nextDouble() < shadow.sample())) {
            return new Pairing(shadow.version(), true, comparisons.get(model));
        }
        return null;
    }

    /** A key's fixed place in [0, 100): its hash mixed (MurmurHash3's finalizer) so that similar keys spread evenly. */
    static double percentile(String key) {
        long h = key.hashCode();
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53 * 100;
    }
}
