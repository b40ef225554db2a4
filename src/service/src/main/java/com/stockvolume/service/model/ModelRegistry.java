package com.stockvolume.service.model;

import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.config.WarmupConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read side of model serving: what is served now, per model (one immutable {@link ModelVersions}
 * each, replaced as a whole by {@link ModelManager}), look-up, and holding a version for an inference:
 * a held version is never closed by a swap, so a swap never closes a session under a running request.
 * Requests never lock; nothing loads per request.
 */
@ApplicationScoped
public class ModelRegistry {

    private final String defaultName;
    private final Map<String, ModelVersions> served = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private volatile List<String> names = List.of();
    private volatile boolean attempted;
    private volatile boolean warm;

    public ModelRegistry(ModelConfig config, WarmupConfig warmup) {
        this.defaultName = config.name();
        this.failures.put(defaultName, "the model is loading");
        this.warm = warmup.duration().isZero();
    }

    /** The model that the original API, /v1/predictions and from-bars serve. */
    public String defaultName() {
        return defaultName;
    }

    /** Every model this service serves, sorted. */
    public List<String> names() {
        return names;
    }

    /** Whether the startup load has finished, successfully or not. */
    public boolean attempted() {
        return attempted;
    }

    /** Whether every model has a version served, and the warm-up (if any, health.Warmup) has ended. */
    public boolean ready() {
        return warm && loaded();
    }

    /** Whether every model has a version served. */
    public boolean loaded() {
        return !names.isEmpty() && names.stream().allMatch(served::containsKey);
    }

    /** Whether the service is still warming up before its first readiness. */
    public boolean warming() {
        return !warm;
    }

    /** The warm-up has ended (or was never to run). */
    public void warmedUp() {
        warm = true;
    }

    /** What is served now of each model that has a version served, by name. */
    public Map<String, ModelVersions> current() {
        return new TreeMap<>(served);
    }

    /** Why models are not served, by name, while they are not. */
    public Map<String, String> failures() {
        return new TreeMap<>(failures);
    }

    /** The served versions of {@code name}: 404 for a model this service does not serve, 503 while none is loaded. */
    public ModelVersions require(String name) {
        requireName(name);
        ModelVersions now = served.get(name);
        if (now == null) {
            // the reason (which may name files of the server) is in the log and on /q/health/ready, not in answers
            throw new ModelUnavailableException("no model is being served under the name '" + name + "'"
                    + (failures.containsKey(name) && failures.get(name).contains("loading") ? ": it is loading" : ""));
        }
        return now;
    }

    /** A loaded version's model, for its card and signature; hold it ({@link #hold}) to run an inference. */
    public LoadedModel require(String name, String version) {
        ModelVersions now = require(name);
        RefCounted<LoadedModel> entry = now.entry(version);
        if (entry == null) {
            throw new UnknownModelException(name, version, "loaded: " + now.versions());
        }
        return entry.value();
    }

    /**
     * Holds a version ({@code null}: the default) until the returned hold is closed, so a concurrent
     * swap cannot close its session underneath and rows checked against the model are inferred on that
     * same model (versions of one model may take different inputs).
     */
    public HeldVersion hold(String name, String version) {
        for (;;) {
            ModelVersions now = require(name);
            RefCounted<LoadedModel> entry = version == null ? now.defaultEntry() : now.entry(version);
            if (entry == null) {
                throw new UnknownModelException(name, version, "loaded: " + now.versions());
            }
            if (entry.tryAcquire()) {
                return new HeldVersion(entry);
            }
            // retired after we read the snapshot; the snapshot now published has its successor
        }
    }

    /** 404 unless this service serves a model named {@code name}. */
    public void requireName(String name) {
        if (!names.contains(name) && !defaultName.equals(name)) {
            throw new UnknownModelException(name);
        }
    }

    void serving(List<String> models) {
        names = List.copyOf(models);
    }

    void publish(ModelVersions now) {
        served.put(now.name(), now);
        failures.remove(now.name());
    }

    /** Serves no version of {@code name} from now on, for {@code reason}; returns what was served. */
    ModelVersions withdraw(String name, String reason) {
        failures.put(name, reason);
        return served.remove(name);
    }

    void failed(String name, String reason) {
        failures.put(name, reason);
    }

    void attempted(boolean done) {
        attempted = done;
    }
}
