package com.stockvolume.service.pipeline;

import com.stockvolume.service.failure.InvalidInputException;
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
 * Which version an unversioned call of a model goes to while a version is rolled out: a canary takes its share of the
 * calls (from-bars calls of one symbol all on one side, others drawn call by call); the rest, and every call that names
 * a version, go where they always go. Set and ended through the admin API; read by {@link InferencePipeline} per call
 * (one map look-up when no roll-out runs).
 */
@ApplicationScoped
public class Rollouts {

    /**
     * @param version the version taking {@code percent} of the model's unversioned calls
     * @param since when the split began
     */
    public record Canary(String version, double percent, Instant since) {
    }

    private final ModelRegistry registry;
    private final MeterRegistry meters;
    private final Map<String, Canary> canaries = new ConcurrentHashMap<>();
    private final Map<String, Gauge> canaryGauges = new ConcurrentHashMap<>();

    public Rollouts(ModelRegistry registry, MeterRegistry meters) {
        this.registry = registry;
        this.meters = meters;
    }

    /**
     * Sends {@code percent} of the model's unversioned calls to {@code version}, replacing any canary it had: 404 for a
     * model or version not served, 400 naming the field for a missing or out-of-range value or the default version.
     */
    public synchronized Canary startCanary(String model, String version, Double percent) {
        List<String> errors = new ArrayList<>();
        if (version == null || version.isBlank()) {
            errors.add("version: is required");
        }
        if (percent == null) {
            errors.add("percent: is required");
        } else if (!(percent > 0 && percent <= 100)) {
            errors.add("percent: must be more than 0 and at most 100, got " + percent);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException("invalid canary", errors);
        }
        ModelVersions served = registry.require(model);
        registry.require(model, version); // 404 unless loaded
        String canonical = String.valueOf(served.entry(version).value().version());
        if (canonical.equals(served.defaultModel().version())) {
            throw new InvalidInputException("invalid canary",
                    List.of("version: " + canonical + " is the default version of " + model + " already"));
        }
        Canary canary = new Canary(canonical, percent, Instant.now());
        endCanary(model);
        canaries.put(model, canary);
        canaryGauges.put(model, Gauge.builder("model.canary.percent", canary, Canary::percent)
                .description("The share of a model's unversioned calls its canary version takes, in percent")
                .tag("model", model).tag("version", canonical).register(meters));
        return canary;
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

    /** The model's canary, or null. */
    public Canary canary(String model) {
        return canaries.get(model);
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
