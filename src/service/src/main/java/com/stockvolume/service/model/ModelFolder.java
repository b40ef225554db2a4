package com.stockvolume.service.model;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.metrics.ModelMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jboss.logging.Logger;

/**
 * A model's folder in the repository: the version folders in it, loading one into a
 * reference-counted entry, and retiring entries (the session of a retired version closes when the
 * last request running on it lets go). Meters follow loads and retirements. Every version of a model
 * is of one {@link ModelKind}, so a rollout never changes what from-bars callers send (a later version
 * may take more of its kind's columns; /v2 callers read a version's width from its metadata): the
 * default model's is same-day (GET /predict and /v1/predictions send its two features); another
 * model's is that of its first version loaded.
 */
final class ModelFolder {

    private static final Logger LOG = Logger.getLogger(ModelFolder.class);

    private final Path modelDir;
    private final int intraOpThreads;
    private final ModelMetrics metrics;
    private final boolean servesTheDefault;
    private ModelKind kind;
    private List<String> misnamed = List.of();

    /** @param servesTheDefault whether this is the default model, which must be {@link ModelKind#SAME_DAY} */
    ModelFolder(Path modelDir, int intraOpThreads, ModelMetrics metrics, boolean servesTheDefault) {
        this.modelDir = modelDir;
        this.intraOpThreads = intraOpThreads;
        this.metrics = metrics;
        this.servesTheDefault = servesTheDefault;
        this.kind = servesTheDefault ? ModelKind.SAME_DAY : null;
    }

    Path path() {
        return modelDir;
    }

    Path folder(int version) {
        return modelDir.resolve(Integer.toString(version));
    }

    Fingerprint fingerprint(int version) {
        return Fingerprint.of(folder(version));
    }

    /** The version folders now on disk; warns (once per change) of entries named like versions that are not. */
    SortedSet<Integer> versions() throws ModelLoadException {
        try {
            warnOfMisnamedVersions(ModelFiles.misnamedVersions(modelDir));
            return new TreeSet<>(ModelFiles.versions(modelDir));
        } catch (IOException e) {
            throw new ModelLoadException("cannot list model versions in " + modelDir + ": " + e.getMessage());
        }
    }

    private synchronized void warnOfMisnamedVersions(List<String> now) {
        if (!now.equals(misnamed) && !now.isEmpty()) {
            LOG.warnf("model folder %s: not serving %s: a version is a folder named by a whole number from 1 to 999999999"
                    + " without leading zeros", modelDir, now);
        }
        misnamed = now;
    }

    /** The version folders now on disk, for a message; none if they cannot be listed. */
    List<String> versionNames() {
        try {
            return versions().stream().map(String::valueOf).toList();
        } catch (ModelLoadException e) {
            return List.of();
        }
    }

    RefCounted<LoadedModel> load(int version) throws ModelLoadException {
        long start = System.nanoTime();
        LoadedModel model = ModelLoader.load(OrtEnvironment.getEnvironment(), folder(version), intraOpThreads);
        if (kind != null && model.kind() != kind) {
            close(model);
            throw new ModelLoadException(model.directory() + " holds a " + model.kind().id() + " model (inputs "
                    + String.join(", ", model.inputs().names()) + "); " + (servesTheDefault
                            ? "the default model (model.name), which GET /predict and /v1/predictions serve, must be a "
                            : "every version of a model is of one kind, and this one's is ")
                    + kind.id() + " model (inputs " + String.join(", ", kind.featureNames()) + ")");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            metrics.loaded(model.name(), model.version(), model.card(), seconds);
        } catch (RuntimeException e) {
            // the meters read parts of the card the loader does not need (slices, drift bins): a card
            // they cannot take is a refused version, never a failed reload
            metrics.unloaded(model.name(), model.version());
            close(model);
            throw new ModelLoadException(model.directory() + ": its card's evaluation or features cannot be read: " + e);
        }
        kind = model.kind();
        LOG.infof("model %s version %s loaded from %s in %.3f s (sha256 %s, %d sample rows reproduced)",
                model.name(), model.version(), model.directory(), seconds, model.card().sha256(),
                model.card().samples().size());
        return new RefCounted<>(model, ModelFolder::close);
    }

    /** Drops the owner's reference: the session closes when the last request lets go. */
    void retire(RefCounted<LoadedModel> entry) {
        metrics.unloaded(entry.value().name(), entry.value().version());
        entry.release();
    }

    private static void close(LoadedModel model) {
        try {
            model.close();
        } catch (OrtException e) {
            LOG.warnf("closing model %s version %s: %s", model.name(), model.version(), e.getMessage());
        }
    }
}
