package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import io.micrometer.core.instrument.Counter;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * The write side of model serving, the one owner of model sessions: loads the versions the policy
 * selects at startup (strictly: a failure ends the process), and on a reload, pin or unpin loads and
 * fully checks new versions before {@link ModelRegistry} serves them as one new snapshot, retiring
 * the versions no longer selected. Changes happen one at a time, under one lock.
 */
@Startup
@ApplicationScoped
public class ModelManager {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);

    private final ModelConfig config;
    private final ModelRegistry registry;
    private final ModelFolder folder;
    private final Counter reloadFailures;

    private final Object lock = new Object();
    private final Refusals refusals = new Refusals();
    private VersionPolicy policy;
    private Integer pinned;

    public ModelManager(ModelConfig config, ModelRegistry registry, ModelMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.folder = new ModelFolder(Path.of(config.repository()).resolve(config.name()).toAbsolutePath().normalize(),
                config.intraOpThreads(), metrics);
        this.reloadFailures = metrics.reloadFailures(config.name());
        synchronized (lock) {
            startup();
        }
    }

    private void startup() {
        NavigableMap<Integer, RefCounted<LoadedModel>> loaded = new TreeMap<>();
        try {
            policy = parsePolicy();
            SortedSet<Integer> available = folder.versions();
            if (available.isEmpty()) {
                throw new ModelLoadException("no model version folder (1, 2, ...) in " + folder.path());
            }
            SortedSet<Integer> wanted = policy.select(available, null);
            if (wanted.isEmpty()) {
                throw new ModelLoadException("none of the versions " + policy.listed() + " is in " + folder.path()
                        + " (found " + available + ")");
            }
            for (Integer version : wanted) {
                loaded.put(version, folder.load(version));
            }
            registry.publish(snapshot(loaded));
        } catch (ModelLoadException e) {
            loaded.values().forEach(folder::retire);
            registry.failed(e.getMessage());
            LOG.errorf("cannot serve model '%s': %s", config.name(), e.getMessage());
            if (config.exitOnLoadFailure()) {
                Quarkus.asyncExit(1);
            }
        } finally {
            registry.attempted(true);
        }
    }

    /**
     * Rescans the repository: loads and checks versions the policy now selects, swaps them in,
     * and retires versions no longer selected or no longer on disk. A version that fails its
     * checks is refused and the previous versions keep serving; it is retried once its files change.
     */
    public ReloadReport reload(String name) {
        registry.requireName(name);
        synchronized (lock) {
            return rescan();
        }
    }

    /** Makes a version the default for unversioned calls (a rollback), loading it if needed. */
    public ReloadReport pin(String name, String version) {
        registry.requireName(name);
        Integer wanted = ModelFiles.version(version);
        synchronized (lock) {
            if (wanted == null || !Files.isDirectory(folder.folder(wanted))) {
                throw new UnknownModelException(name, version, "version folders: " + folder.versionNames());
            }
            Integer previous = pinned;
            pinned = wanted;
            ReloadReport report = rescan();
            if (registry.current().map(now -> !now.loaded().containsKey(wanted)).orElse(true)) {
                pinned = previous;
                rescan();
                ModelVersions.Refusal refusal = refusals.of(wanted);
                throw new VersionRefusedException(name, version, refusal == null ? "it did not load" : refusal.error());
            }
            LOG.infof("model %s: version %s pinned as the default", name, version);
            return report;
        }
    }

    /** Returns unversioned calls to the policy's default (the highest loaded version). */
    public ReloadReport unpin(String name) {
        registry.requireName(name);
        synchronized (lock) {
            if (pinned != null) {
                LOG.infof("model %s: version %d unpinned", name, pinned);
            }
            pinned = null;
            return rescan();
        }
    }

    private ReloadReport rescan() {
        ModelVersions before = registry.current().orElse(null);
        NavigableMap<Integer, RefCounted<LoadedModel>> current =
                before == null ? Collections.emptyNavigableMap() : before.loaded();
        SortedSet<Integer> available;
        try {
            available = folder.versions();
        } catch (ModelLoadException e) {
            available = new TreeSet<>();
            LOG.errorf("model %s: %s", config.name(), e.getMessage());
        }
        refusals.forgetChanged(available, folder::fingerprint);
        if (pinned != null && !available.contains(pinned)) {
            LOG.warnf("model %s: pinned version %d is gone from %s; back to the '%s' policy",
                    config.name(), pinned, folder.path(), policy);
            pinned = null;
        }
        VersionSelection selection = VersionSelection.of(available, current, policy, pinned, refusals, folder,
                (e, version) -> {
                    reloadFailures.increment();
                    LOG.errorf("model %s: refused version %d: %s; still serving %s", config.name(), version,
                            e.getMessage(), current.keySet());
                });
        SortedSet<Integer> wanted = selection.wanted();
        NavigableMap<Integer, RefCounted<LoadedModel>> fresh = selection.fresh();
        if (wanted.isEmpty()) {
            LOG.errorf("model %s: no servable version in %s; keeping %s", config.name(), folder.path(),
                    before == null ? "none" : before.versions());
            if (before == null) {
                registry.failed("no servable version in " + folder.path());
                throw new ModelUnavailableException("no servable version of model '" + config.name() + "' in "
                        + folder.path() + "; refused: " + refusals.versions());
            }
            registry.publish(snapshot(current));
            return ReloadReport.of(registry.require(config.name()), List.of(), List.of());
        }
        NavigableMap<Integer, RefCounted<LoadedModel>> next = new TreeMap<>();
        wanted.forEach(v -> next.put(v, current.containsKey(v) ? current.get(v) : fresh.get(v)));
        fresh.forEach((version, entry) -> {
            if (!next.containsKey(version)) {
                folder.retire(entry);
            }
        });
        ModelVersions now = snapshot(next);
        registry.publish(now);
        List<String> loaded = fresh.keySet().stream().filter(next::containsKey).map(String::valueOf).toList();
        List<String> unloaded = new ArrayList<>();
        current.forEach((version, entry) -> {
            if (!next.containsKey(version)) {
                folder.retire(entry);
                unloaded.add(String.valueOf(version));
            }
        });
        if (!loaded.isEmpty() || !unloaded.isEmpty()) {
            LOG.infof("model %s: serving versions %s, default %d (loaded %s, unloaded %s)", config.name(),
                    now.versions(), now.defaultVersion(), loaded, unloaded);
        }
        return ReloadReport.of(now, loaded, unloaded);
    }

    private ModelVersions snapshot(NavigableMap<Integer, RefCounted<LoadedModel>> loaded) {
        return new ModelVersions(config.name(), policy.toString(), Collections.unmodifiableNavigableMap(loaded),
                pinned, refusals.list(), Instant.now());
    }

    private VersionPolicy parsePolicy() throws ModelLoadException {
        try {
            return VersionPolicy.parse(config.versions());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        synchronized (lock) {
            ModelVersions last = registry.withdraw("the service is shutting down");
            if (last != null) {
                last.loaded().values().forEach(folder::retire);
            }
        }
    }
}
