package com.stockvolume.service.model;

import ai.onnxruntime.OrtException;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The read side of model serving: what is served now (one immutable {@link ModelVersions},
 * replaced as a whole by {@link ModelManager}), look-up, and inference. An inference holds a
 * reference to the version it runs on, so a swap never closes a session under a running request.
 * Requests never lock; nothing loads per request.
 */
@ApplicationScoped
public class ModelRegistry {

    private final String name;
    private final ModelMetrics metrics;
    private volatile ModelVersions served;
    private volatile String failure = "the model is loading";
    private volatile boolean attempted;

    public ModelRegistry(ModelConfig config, ModelMetrics metrics) {
        this.name = config.name();
        this.metrics = metrics;
    }

    /** Whether the startup load has finished, successfully or not. */
    public boolean attempted() {
        return attempted;
    }

    /** What is served now, if any version is. */
    public Optional<ModelVersions> current() {
        return Optional.ofNullable(served);
    }

    /** Why no model is served, while none is. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The served versions of {@code name}: 404 for another name, 503 while none is loaded. */
    public ModelVersions require(String name) {
        ModelVersions now = served;
        requireName(name);
        if (now == null) {
            throw new ModelUnavailableException("no model is being served: " + failure);
        }
        return now;
    }

    /** A loaded version's model, for its card and signature; run inferences through {@link #infer}. */
    public LoadedModel require(String name, String version) {
        ModelVersions now = require(name);
        RefCounted<LoadedModel> entry = now.entry(version);
        if (entry == null) {
            throw new UnknownModelException(name, version, "loaded: " + now.versions());
        }
        return entry.value();
    }

    /**
     * One timed inference call on a version ({@code null}: the default), holding a reference to
     * it for the call so a concurrent swap cannot close the session underneath.
     */
    public Inference infer(String name, String version, double[] rows) {
        for (;;) {
            ModelVersions now = require(name);
            RefCounted<LoadedModel> entry = version == null ? now.defaultEntry() : now.entry(version);
            if (entry == null) {
                throw new UnknownModelException(name, version, "loaded: " + now.versions());
            }
            if (!entry.tryAcquire()) {
                continue; // retired after we read the snapshot; the snapshot now published has its successor
            }
            try {
                return predict(entry.value(), rows);
            } finally {
                entry.release();
            }
        }
    }

    private Inference predict(LoadedModel model, double[] rows) {
        long start = System.nanoTime();
        try {
            double[] values = model.predict(rows);
            metrics.inferred(System.nanoTime() - start);
            return new Inference(model, values);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed on model " + model.name() + " " + model.version(), e);
        }
    }

    /** 404 unless {@code name} is the served model's. */
    public void requireName(String name) {
        if (!this.name.equals(name)) {
            throw new UnknownModelException(name);
        }
    }

    void publish(ModelVersions now) {
        served = now;
        failure = null;
    }

    /** Serves nothing from now on, for {@code reason}; returns what was served. */
    ModelVersions withdraw(String reason) {
        ModelVersions last = served;
        served = null;
        failure = reason;
        return last;
    }

    void failed(String reason) {
        failure = reason;
    }

    void attempted(boolean done) {
        attempted = done;
    }
}
