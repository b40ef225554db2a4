package com.stockvolume.service.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A model repository in target/ that a test changes under a running service, the way a training
 * DAG does: it starts with the committed version 1 and publishes the committed version 2, two real
 * models that predict other volumes; the committed forecast model sits beside them.
 */
public final class ModelRepositoryFixture {

    public static final ModelCard FIRST_CARD = CommittedModel.read(CommittedModel.FIRST);
    public static final ModelCard SECOND_CARD = CommittedModel.read(CommittedModel.SECOND);

    private final Path modelDir;

    public ModelRepositoryFixture(Path repository) {
        this.modelDir = repository.toAbsolutePath().resolve("stock-volume");
    }

    /**
     * A repository holding only version 1. Idempotent, and version 1 is never removed: test
     * frameworks may ask a profile for its settings again while a service runs on the repository.
     */
    public static Path prepare(Path repository) {
        ModelRepositoryFixture fixture = new ModelRepositoryFixture(repository);
        if (!Files.isRegularFile(fixture.modelDir.resolve("1").resolve(ModelFiles.CARD))) {
            copy(CommittedModel.FIRST, fixture.modelDir.resolve("1"));
        }
        Path forecast = repository.toAbsolutePath().resolve("stock-volume-forecast").resolve("1");
        if (!Files.isRegularFile(forecast.resolve(ModelFiles.CARD))) {
            copy(CommittedModel.FIRST_FORECAST, forecast); // a second model beside it, which the tests leave alone
        }
        fixture.reset();
        return repository;
    }

    /** Publishes the second model as version 2, written beside and renamed in, as the trainer does. */
    public void publishSecond() {
        publish(CommittedModel.SECOND, 2);
    }

    /** A version folder whose card says another version than its folder name. */
    public void publishMislabelled(int version) {
        publish(CommittedModel.SECOND, version);
    }

    /** A version whose card is right but whose model.onnx is damaged (its sha256 no longer matches). */
    public void publishCorrupt(int version) {
        publishRelabelled(CommittedModel.SECOND, version, true);
    }

    /** The committed forecast model, a model of another kind, as a version of this one. */
    public void publishForecast(int version) {
        publishRelabelled(CommittedModel.FORECAST, version, false);
    }

    /** The second model as version {@code version}, its card edited by {@code edit}. */
    public void publishWithCard(int version, Consumer<ObjectNode> edit) {
        publishRelabelled(CommittedModel.SECOND, version, false, edit);
    }

    private void publishRelabelled(Path from, int version, boolean damaged) {
        publishRelabelled(from, version, damaged, card -> {
        });
    }

    private void publishRelabelled(Path from, int version, boolean damaged, Consumer<ObjectNode> edit) {
        Path staging = modelDir.resolve("." + version + ".tmp");
        copy(from, staging);
        try {
            ObjectMapper json = new ObjectMapper();
            ObjectNode card = (ObjectNode) json.readTree(staging.resolve(ModelFiles.CARD).toFile());
            card.put("name", modelDir.getFileName().toString());
            card.put("version", Integer.toString(version));
            edit.accept(card);
            json.writeValue(staging.resolve(ModelFiles.CARD).toFile(), card);
            if (damaged) {
                byte[] model = Files.readAllBytes(staging.resolve(ModelFiles.MODEL));
                model[model.length / 2] ^= 0x5a;
                Files.write(staging.resolve(ModelFiles.MODEL), model);
            }
            Files.move(staging, modelDir.resolve(Integer.toString(version)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes version folders other than 1. */
    public void reset() {
        try (Stream<Path> versions = Files.list(modelDir)) {
            versions.filter(p -> !p.getFileName().toString().equals("1")).forEach(ModelRepositoryFixture::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(int version) {
        delete(modelDir.resolve(Integer.toString(version)));
    }

    private void publish(Path from, int version) {
        Path staging = modelDir.resolve("." + version + ".tmp");
        copy(from, staging);
        try {
            Files.move(staging, modelDir.resolve(Integer.toString(version)), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to);
            for (String file : new String[]{ModelFiles.MODEL, ModelFiles.CARD}) {
                Files.copy(from.resolve(file), to.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> all = Files.walk(path)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
