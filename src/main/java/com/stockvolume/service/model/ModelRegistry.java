package com.stockvolume.service.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one owner of model sessions: loads the configured model's highest version once, at
 * startup, and answers every inference from that one shared session. Nothing loads per request.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelConfig config;
    private final ModelMetrics metrics;
    private volatile LoadedModel model;
    private volatile String failure = "the model is loading";
    private volatile boolean attempted;

    public ModelRegistry(ModelConfig config, ModelMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        load();
    }

    private void load() {
        long start = System.nanoTime();
        try {
            Path version = ModelLoader.latestVersion(Path.of(config.repository()), config.name());
            LoadedModel loaded = ModelLoader.load(OrtEnvironment.getEnvironment(), version, config.intraOpThreads());
            double seconds = (System.nanoTime() - start) / 1e9;
            metrics.loaded(loaded, seconds);
            model = loaded;
            failure = null;
            LOG.infof("model %s version %s loaded from %s in %.3f s (sha256 %s, %d sample rows reproduced)",
                    loaded.name(), loaded.version(), loaded.directory(), seconds, loaded.card().sha256(),
                    loaded.card().samples().size());
        } catch (ModelLoadException e) {
            failure = e.getMessage();
            LOG.errorf("cannot serve model '%s': %s", config.name(), e.getMessage());
            if (config.exitOnLoadFailure()) {
                Quarkus.asyncExit(1);
            }
        } finally {
            attempted = true;
        }
    }

    /** Whether the startup load has finished, successfully or not. */
    public boolean attempted() {
        return attempted;
    }

    /** The served model, if it loaded and checked out. */
    public Optional<LoadedModel> current() {
        return Optional.ofNullable(model);
    }

    /** Why no model is served, while none is. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** The served model, or 404 for another name, or 503 while none is loaded. */
    public LoadedModel require(String name) {
        LoadedModel served = model;
        if (served == null) {
            throw new ModelUnavailableException("no model is being served: " + failure);
        }
        if (!served.name().equals(name)) {
            throw new UnknownModelException(name);
        }
        return served;
    }

    /** The served model if it is {@code version} of {@code name}; 404 otherwise. */
    public LoadedModel require(String name, String version) {
        LoadedModel served = require(name);
        if (!served.version().equals(version)) {
            throw new UnknownModelException(name, version, served.version());
        }
        return served;
    }

    /** One inference call on a model already required, timed. */
    public Inference predict(LoadedModel served, double[] rows) {
        long start = System.nanoTime();
        try {
            double[] values = served.predict(rows);
            metrics.inferred(System.nanoTime() - start);
            return new Inference(served, values);
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed on model " + served.name() + " " + served.version(), e);
        }
    }

    /** The predictions and the model version that made them. */
    public record Inference(LoadedModel model, double[] values) {}

    @PreDestroy
    void close() throws OrtException {
        LoadedModel served = model;
        model = null;
        if (served != null) {
            served.close();
        }
    }
}
