package com.stockvolume.service.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.ModelVersions.Refusal;
import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The one owner of model sessions. Loads the versions the policy selects at startup, and on a
 * reload loads and fully checks new versions before swapping them in as one new
 * {@link ModelVersions}. Requests hold a reference to the version they run on, so a retired
 * session is closed only after its last request ends. Nothing loads per request.
 */
@Startup
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final ModelConfig config;
    private final ModelMetrics metrics;
    private final Path modelDir;
    private final Counter reloadFailures;
    private volatile ModelVersions served;
    private volatile String failure = "the model is loading";
    private volatile boolean attempted;

    // Reloads, pins and the poller change state one at a time; requests never take this lock.
    private final Object lock = new Object();
    private final Map<Integer, Failed> failed = new HashMap<>();
    private VersionPolicy policy;
    private Integer pinned;

    public ModelRegistry(ModelConfig config, ModelMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.modelDir = Path.of(config.repository()).resolve(config.name()).toAbsolutePath().normalize();
        this.reloadFailures = metrics.reloadFailures(config.name());
        synchronized (lock) {
            startup();
        }
    }

    /** Startup is strict: every version the policy selects must load, or the process ends. */
    private void startup() {
        NavigableMap<Integer, RefCounted<LoadedModel>> loaded = new TreeMap<>();
        try {
            policy = parsePolicy();
            SortedSet<Integer> available = scan();
            if (available.isEmpty()) {
                throw new ModelLoadException("no model version folder (1, 2, ...) in " + modelDir);
            }
            SortedSet<Integer> wanted = policy.select(available, null);
            if (wanted.isEmpty()) {
                throw new ModelLoadException("none of the versions " + policy.listed() + " is in " + modelDir
                        + " (found " + available + ")");
            }
            for (Integer version : wanted) {
                loaded.put(version, load(version));
            }
            publish(loaded);
        } catch (ModelLoadException e) {
            loaded.values().forEach(this::retire);
            failure = e.getMessage();
            LOG.errorf("cannot serve model '%s': %s", config.name(), e.getMessage());
            if (config.exitOnLoadFailure()) {
                Quarkus.asyncExit(1);
            }
        } finally {
            attempted = true;
        }
    }

    /**
     * Rescans the repository: loads and checks versions the policy now selects, swaps them in,
     * and retires versions no longer selected or no longer on disk. A version that fails its
     * checks is refused and the previous versions keep serving; it is retried once its files change.
     */
    public ReloadReport reload(String name) {
        requireName(name);
        synchronized (lock) {
            return rescan();
        }
    }

    /** Makes a version the default for unversioned calls (a rollback), loading it if needed. */
    public ReloadReport pin(String name, String version) {
        requireName(name);
        Integer wanted = ModelFiles.version(version);
        synchronized (lock) {
            if (wanted == null || !Files.isDirectory(modelDir.resolve(version))) {
                throw new UnknownModelException(name, version, "version folders: " + onDisk());
            }
            Integer previous = pinned;
            pinned = wanted;
            ReloadReport report = rescan();
            ModelVersions now = served;
            if (now == null || !now.loaded().containsKey(wanted)) {
                pinned = previous;
                rescan();
                Refusal refusal = failed.containsKey(wanted) ? failed.get(wanted).refusal() : null;
                throw new VersionRefusedException(name, version, refusal == null ? "it did not load" : refusal.error());
            }
            LOG.infof("model %s: version %s pinned as the default", name, version);
            return report;
        }
    }

    /** Returns unversioned calls to the policy's default (the highest loaded version). */
    public ReloadReport unpin(String name) {
        requireName(name);
        synchronized (lock) {
            if (pinned != null) {
                LOG.infof("model %s: version %d unpinned", name, pinned);
            }
            pinned = null;
            return rescan();
        }
    }

    private ReloadReport rescan() {
        ModelVersions before = served;
        NavigableMap<Integer, RefCounted<LoadedModel>> current =
                before == null ? Collections.emptyNavigableMap() : before.loaded();
        SortedSet<Integer> available;
        try {
            available = scan();
        } catch (ModelLoadException e) {
            available = new TreeSet<>();
            LOG.errorf("model %s: %s", config.name(), e.getMessage());
        }
        forgetChangedFailures(available);
        if (pinned != null && !available.contains(pinned)) {
            LOG.warnf("model %s: pinned version %d is gone from %s; back to the '%s' policy",
                    config.name(), pinned, modelDir, policy);
            pinned = null;
        }
        Map<Integer, RefCounted<LoadedModel>> fresh = new TreeMap<>();
        SortedSet<Integer> wanted;
        boolean refusedNow;
        do {
            // A refusal removes a candidate, so the policy may pick another version: loop until none fails.
            SortedSet<Integer> candidates = new TreeSet<>(available);
            candidates.removeAll(failed.keySet());
            wanted = policy.select(candidates, pinned);
            refusedNow = false;
            for (Integer version : wanted) {
                if (!current.containsKey(version) && !fresh.containsKey(version)) {
                    try {
                        fresh.put(version, load(version));
                    } catch (ModelLoadException e) {
                        refuse(version, e, current);
                        refusedNow = true;
                    }
                }
            }
        } while (refusedNow);
        List<String> loaded = new ArrayList<>();
        List<String> unloaded = new ArrayList<>();
        if (wanted.isEmpty()) {
            LOG.errorf("model %s: no servable version in %s; keeping %s", config.name(), modelDir,
                    before == null ? "none" : before.versions());
            if (before == null) {
                failure = "no servable version in " + modelDir;
                throw new ModelUnavailableException("no servable version of model '" + config.name() + "' in "
                        + modelDir + "; refused: " + failed.keySet());
            }
            served = snapshot(current);
            return ReloadReport.of(served, loaded, unloaded);
        }
        NavigableMap<Integer, RefCounted<LoadedModel>> next = new TreeMap<>();
        for (Integer version : wanted) {
            next.put(version, current.containsKey(version) ? current.get(version) : fresh.get(version));
        }
        fresh.keySet().stream().filter(next::containsKey).forEach(v -> loaded.add(String.valueOf(v)));
        fresh.forEach((version, entry) -> {
            if (!next.containsKey(version)) {
                retire(entry);
            }
        });
        publish(next);
        current.forEach((version, entry) -> {
            if (!next.containsKey(version)) {
                retire(entry);
                unloaded.add(String.valueOf(version));
            }
        });
        if (!loaded.isEmpty() || !unloaded.isEmpty()) {
            LOG.infof("model %s: serving versions %s, default %d (loaded %s, unloaded %s)", config.name(),
                    served.versions(), served.defaultVersion(), loaded, unloaded);
        }
        return ReloadReport.of(served, loaded, unloaded);
    }

    private void publish(NavigableMap<Integer, RefCounted<LoadedModel>> loaded) {
        served = snapshot(loaded);
        failure = null;
    }

    private ModelVersions snapshot(NavigableMap<Integer, RefCounted<LoadedModel>> loaded) {
        List<Refusal> refusals = new ArrayList<>();
        new TreeMap<>(failed).values().forEach(f -> refusals.add(f.refusal()));
        return new ModelVersions(config.name(), policy.toString(), Collections.unmodifiableNavigableMap(loaded),
                pinned, List.copyOf(refusals), Instant.now());
    }

    private RefCounted<LoadedModel> load(int version) throws ModelLoadException {
        long start = System.nanoTime();
        LoadedModel model = ModelLoader.load(OrtEnvironment.getEnvironment(),
                modelDir.resolve(Integer.toString(version)), config.intraOpThreads());
        double seconds = (System.nanoTime() - start) / 1e9;
        metrics.loaded(model, seconds);
        LOG.infof("model %s version %s loaded from %s in %.3f s (sha256 %s, %d sample rows reproduced)",
                model.name(), model.version(), model.directory(), seconds, model.card().sha256(),
                model.card().samples().size());
        return new RefCounted<>(model, ModelRegistry::close);
    }

    /** Drops the registry's own reference: the session closes when the last request lets go. */
    private void retire(RefCounted<LoadedModel> entry) {
        metrics.unloaded(entry.value());
        entry.release();
    }

    private static void close(LoadedModel model) {
        try {
            model.close();
        } catch (OrtException e) {
            LOG.warnf("closing model %s version %s: %s", model.name(), model.version(), e.getMessage());
        }
    }

    private void refuse(int version, ModelLoadException e, Map<Integer, RefCounted<LoadedModel>> current) {
        Path dir = modelDir.resolve(Integer.toString(version));
        failed.put(version, new Failed(Fingerprint.of(dir),
                new Refusal(String.valueOf(version), e.getMessage(), Instant.now().toString())));
        reloadFailures.increment();
        LOG.errorf("model %s: refused version %d: %s; still serving %s", config.name(), version, e.getMessage(),
                current.keySet());
    }

    /** A refused version is tried again once its folder's files change (or it is removed). */
    private void forgetChangedFailures(SortedSet<Integer> available) {
        failed.entrySet().removeIf(e -> !available.contains(e.getKey())
                || !e.getValue().fingerprint().equals(Fingerprint.of(modelDir.resolve(Integer.toString(e.getKey())))));
    }

    private VersionPolicy parsePolicy() throws ModelLoadException {
        try {
            return VersionPolicy.parse(config.versions());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
    }

    private SortedSet<Integer> scan() throws ModelLoadException {
        try {
            return new TreeSet<>(ModelFiles.versions(modelDir));
        } catch (IOException e) {
            throw new ModelLoadException("cannot list model versions in " + modelDir + ": " + e.getMessage());
        }
    }

    private List<String> onDisk() {
        try {
            return scan().stream().map(String::valueOf).toList();
        } catch (ModelLoadException e) {
            return List.of();
        }
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

    private void requireName(String name) {
        if (!config.name().equals(name)) {
            throw new UnknownModelException(name);
        }
    }

    /** The predictions and the model version that made them. */
    public record Inference(LoadedModel model, double[] values) {}

    private record Failed(Fingerprint fingerprint, Refusal refusal) {}

    @PreDestroy
    void close() {
        synchronized (lock) {
            ModelVersions last = served;
            served = null;
            failure = "the service is shutting down";
            if (last != null) {
                last.loaded().values().forEach(this::retire);
            }
        }
    }
}
