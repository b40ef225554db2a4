package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
import io.micrometer.core.instrument.Counter;
import java.nio.file.Files;
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
 * One model of the repository under {@link ModelManager}: its folder, policy, pin and refusals, and
 * the reconciliation of its folder with its policy. Its owner calls it under one lock.
 */
final class ManagedModel {

    private static final Logger LOG = Logger.getLogger(ManagedModel.class);

    private final String name;
    private final ModelFolder folder;
    private final VersionPolicy policy;
    private final ModelRegistry registry;
    private final Counter reloadFailures;
    private final Refusals refusals = new Refusals();
    private Integer pinned;

    ManagedModel(String name, ModelFolder folder, VersionPolicy policy, ModelRegistry registry, Counter reloadFailures) {
        this.name = name;
        this.folder = folder;
        this.policy = policy;
        this.registry = registry;
        this.reloadFailures = reloadFailures;
    }

    /** Startup is strict: every version the policy selects must load; false if this model cannot be served. */
    boolean startup() {
        NavigableMap<Integer, RefCounted<LoadedModel>> loaded = new TreeMap<>();
        try {
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
            return true;
        } catch (ModelLoadException e) {
            loaded.values().forEach(folder::retire);
            registry.failed(name, e.getMessage());
            LOG.errorf("cannot serve model '%s': %s", name, e.getMessage());
            return false;
        }
    }

    /**
     * Rescans the repository: loads and checks versions the policy now selects, swaps them in,
     * and retires versions no longer selected or no longer on disk. A version that fails its
     * checks is refused and the previous versions keep serving; it is retried once its files change.
     */
    ReloadReport reload() {
        return rescan();
    }

    /** Makes a version the default for unversioned calls (a rollback), loading it if needed. */
    ReloadReport pin(String version) {
        Integer wanted = ModelFiles.version(version);
        if (wanted == null || !Files.isDirectory(folder.folder(wanted))) {
            throw new UnknownModelException(name, version, "version folders: " + folder.versionNames());
        }
        Integer previous = pinned;
        pinned = wanted;
        ReloadReport report = rescan();
        ModelVersions now = registry.current().get(name);
        if (now == null || !now.loaded().containsKey(wanted)) {
            pinned = previous;
            rescan();
            ModelVersions.Refusal refusal = refusals.of(wanted);
            throw new VersionRefusedException(name, version, refusal == null ? "it did not load" : refusal.error());
        }
        LOG.infof("model %s: version %s pinned as the default", name, version);
        return report;
    }

    /** Returns unversioned calls to the policy's default (the highest loaded version). */
    ReloadReport unpin() {
        if (pinned != null) {
            LOG.infof("model %s: version %d unpinned", name, pinned);
        }
        pinned = null;
        return rescan();
    }

    private ReloadReport rescan() {
        ModelVersions before = registry.current().get(name);
        NavigableMap<Integer, RefCounted<LoadedModel>> current = before == null
                ? Collections.emptyNavigableMap()
                : before.loaded();
        SortedSet<Integer> available;
        try {
            available = folder.versions();
        } catch (ModelLoadException e) {
            available = new TreeSet<>();
            LOG.errorf("model %s: %s", name, e.getMessage());
        }
        refusals.forgetChanged(available, folder::fingerprint);
        if (pinned != null && !available.contains(pinned)) {
            LOG.warnf("model %s: pinned version %d is gone from %s; back to the '%s' policy",
                    name, pinned, folder.path(), policy);
            pinned = null;
        }
        VersionSelection selection = VersionSelection.of(available, current, policy, pinned, refusals, folder,
                (e, version) -> {
                    reloadFailures.increment();
                    LOG.errorf("model %s: refused version %d: %s; still serving %s", name, version,
                            e.getMessage(), current.keySet());
                });
        SortedSet<Integer> wanted = selection.wanted();
        NavigableMap<Integer, RefCounted<LoadedModel>> fresh = selection.fresh();
        if (wanted.isEmpty()) {
            LOG.errorf("model %s: no servable version in %s; keeping %s", name, folder.path(),
                    before == null ? "none" : before.versions());
            if (before == null) {
                registry.failed(name, "no servable version in " + folder.path());
                throw new ModelUnavailableException("no servable version of model '" + name + "' in "
                        + folder.path() + "; refused: " + refusals.versions());
            }
            registry.publish(snapshot(current));
            return ReloadReport.of(registry.require(name), List.of(), List.of());
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
            LOG.infof("model %s: serving versions %s, default %d (loaded %s, unloaded %s)", name,
                    now.versions(), now.defaultVersion(), loaded, unloaded);
        }
        return ReloadReport.of(now, loaded, unloaded);
    }

    private ModelVersions snapshot(NavigableMap<Integer, RefCounted<LoadedModel>> loaded) {
        return new ModelVersions(name, policy.toString(), Collections.unmodifiableNavigableMap(loaded),
                pinned, refusals.list(), Instant.now());
    }

    /** Retires every loaded version of this model: the service is shutting down. */
    void close() {
        ModelVersions last = registry.withdraw(name, "the service is shutting down");
        if (last != null) {
            last.loaded().values().forEach(folder::retire);
        }
    }
}
