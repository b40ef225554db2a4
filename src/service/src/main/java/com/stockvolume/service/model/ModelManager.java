package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.metrics.ModelMetrics;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The write side of model serving, the one owner of model sessions: finds the models of the
 * repository (every folder that holds a version folder, or {@code model.names}), loads the versions
 * each one's policy selects at startup (strictly: a failure ends the process), and on a reload, pin or
 * unpin of a model loads and fully checks new versions before {@link ModelRegistry} serves them as one
 * new snapshot, retiring the versions no longer selected. Changes happen one at a time, under one lock.
 */
@Startup
@ApplicationScoped
public class ModelManager {

    private static final Logger LOG = Logger.getLogger(ModelManager.class);

    private final ModelRegistry registry;
    private final Object lock = new Object();
    private final Map<String, ManagedModel> models = new LinkedHashMap<>();

    public ModelManager(ModelConfig config, ModelRegistry registry, ModelMetrics metrics) {
        this.registry = registry;
        Path repository = Path.of(config.repository()).toAbsolutePath().normalize();
        synchronized (lock) {
            boolean all = true;
            try {
                List<String> names = config.names().orElseGet(() -> discover(repository, config.name()));
                registry.serving(names);
                for (String name : names) {
                    VersionPolicy policy = VersionPolicy.parse(config.policies().getOrDefault(name, config.versions()));
                    ModelFolder folder = new ModelFolder(repository.resolve(name), config.intraOpThreads(), metrics,
                            name.equals(config.name()));
                    ManagedModel model = new ManagedModel(name, folder, policy, registry, metrics.reloadFailures(name));
                    models.put(name, model);
                    all &= model.startup();
                }
            } catch (IllegalArgumentException e) { // a policy that does not parse
                registry.serving(List.of(config.name()));
                registry.failed(config.name(), e.getMessage());
                LOG.errorf("cannot serve model '%s': %s", config.name(), e.getMessage());
                all = false;
            } finally {
                registry.attempted(true);
            }
            if (!all && config.exitOnLoadFailure()) {
                Quarkus.asyncExit(1);
            }
        }
    }

    /** The default model, then every other folder of the repository that holds a version folder, sorted. */
    static List<String> discover(Path repository, String defaultName) {
        TreeSet<String> found = new TreeSet<>();
        if (Files.isDirectory(repository)) {
            try (Stream<Path> folders = Files.list(repository)) {
                for (Path folder : folders.filter(Files::isDirectory).toList()) {
                    if (!ModelFiles.versions(folder).isEmpty()) {
                        found.add(folder.getFileName().toString());
                    }
                }
            } catch (IOException e) {
                LOG.warnf("cannot list the model repository %s: %s", repository, e.getMessage());
            }
        }
        found.remove(defaultName);
        List<String> names = new ArrayList<>();
        names.add(defaultName); // served, or refused with the reason, even when its folder is missing
        names.addAll(found);
        return names;
    }

    /**
     * Rescans a model's folder: loads and checks versions the policy now selects, swaps them in, and
     * retires versions no longer selected or no longer on disk. A version that fails its checks is
     * refused and the previous versions keep serving; it is retried once its files change.
     */
    public ReloadReport reload(String name) {
        synchronized (lock) {
            return model(name).reload();
        }
    }

    /** Rescans every model's folder, as the poller does. */
    public void reloadAll() {
        synchronized (lock) {
            for (ManagedModel model : models.values()) {
                try {
                    model.reload();
                } catch (ModelUnavailableException e) {
                    // logged by the model; the next poll tries again
                }
            }
        }
    }

    /** Makes a version the default for unversioned calls (a rollback), loading it if needed. */
    public ReloadReport pin(String name, String version) {
        synchronized (lock) {
            return model(name).pin(version);
        }
    }

    /** Returns unversioned calls to the policy's default (the highest loaded version). */
    public ReloadReport unpin(String name) {
        synchronized (lock) {
            return model(name).unpin();
        }
    }

    private ManagedModel model(String name) {
        ManagedModel model = models.get(name);
        if (model == null) {
            throw new UnknownModelException(name);
        }
        return model;
    }

    @PreDestroy
    void close() {
        synchronized (lock) {
            models.values().forEach(ManagedModel::close);
        }
    }
}
