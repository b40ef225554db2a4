package com.stockvolume.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.ModelKind;
import com.stockvolume.service.support.CommittedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A model version is served only if it is exactly what its card says. */
class ModelLoaderTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path repository;

    /** A copy of the committed version 1 as version {@code version}, its card edited by {@code edit}. */
    private Path copy(String version, Consumer<ObjectNode> edit) throws Exception {
        return copy(CommittedModel.FIRST, version, edit);
    }

    private Path copy(Path source, String version, Consumer<ObjectNode> edit) throws Exception {
        Path dir = Files.createDirectories(repository.resolve(source.getParent().getFileName()).resolve(version));
        Files.copy(source.resolve(ModelFiles.MODEL), dir.resolve(ModelFiles.MODEL));
        ObjectNode card = (ObjectNode) JSON.readTree(source.resolve(ModelFiles.CARD).toFile());
        edit.accept(card);
        JSON.writeValue(dir.resolve(ModelFiles.CARD).toFile(), card);
        return dir;
    }

    private String failure(Path dir) {
        return assertThrows(ModelLoadException.class, () -> ModelLoader.load(ENV, dir, 1)).getMessage();
    }

    @ParameterizedTest
    @ValueSource(strings = {"stock-volume/1", "stock-volume/2", "stock-volume-forecast/1", "stock-volume-forecast/2"})
    void loadsEachCommittedVersionAsTheKindItsCardNames(String folder) throws Exception {
        Path dir = CommittedModel.MODEL.getParent().resolve(folder);
        try (LoadedModel model = ModelLoader.load(ENV, dir, 1)) {
            assertEquals(dir.getFileName().toString(), model.version());
            assertEquals(folder.contains("forecast") ? ModelKind.FORECAST : ModelKind.SAME_DAY, model.kind());
            assertEquals(model.kind().id(), model.card().kind());
        }
    }

    /** The loader checks the samples as one batch; GET /predict's rows take their own single-row path. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aSingleRowInfersAsItDoesInABatch(int version) throws Exception {
        try (LoadedModel model = ModelLoader.load(ENV, CommittedModel.MODEL.resolve(Integer.toString(version)), 1)) {
            List<Sample> samples = model.card().samples();
            double[] rows = new double[samples.size() * 2];
            for (int i = 0; i < samples.size(); i++) {
                System.arraycopy(samples.get(i).features(), 0, rows, 2 * i, 2);
            }
            double[] batch = model.infer(rows)[0];
            for (int i = 0; i < samples.size(); i++) {
                assertEquals(batch[i], model.infer(samples.get(i).features().clone())[0][0]);
            }
        }
    }

    @Test
    void aCardWhoseVersionIsNotItsFoldersIsRefused() throws Exception {
        Path dir = copy("2", card -> {
        });
        assertTrue(failure(dir).endsWith("model-card.json says version 1 but its folder is 2"));
    }

    @Test
    void aMissingFileSaysWhich() throws Exception {
        Path dir = copy("1", card -> {
        });
        Files.delete(dir.resolve(ModelFiles.MODEL));
        assertEquals("missing " + dir.resolve(ModelFiles.MODEL).toAbsolutePath(), failure(dir));
    }

    @Test
    void aFileThatDiffersFromItsCardIsRefused() throws Exception {
        Path dir = copy("1", card -> {
        });
        byte[] bytes = Files.readAllBytes(dir.resolve(ModelFiles.MODEL));
        bytes[bytes.length - 1] ^= 1;
        Files.write(dir.resolve(ModelFiles.MODEL), bytes);
        String message = failure(dir);
        assertTrue(
                message.contains("has sha256 ")
                        && message.endsWith("but its card says " + CommittedModel.read(CommittedModel.FIRST).sha256()),
                message);
    }

    @Test
    void aCorruptOnnxFileIsRefused() throws Exception {
        Path dir = copy("1", card -> {
        });
        Files.writeString(dir.resolve(ModelFiles.MODEL), "garbage");
        String sha = ModelFiles.sha256(dir.resolve(ModelFiles.MODEL));
        ObjectNode card = (ObjectNode) JSON.readTree(dir.resolve(ModelFiles.CARD).toFile());
        card.put("sha256", sha);
        JSON.writeValue(dir.resolve(ModelFiles.CARD).toFile(), card);
        assertTrue(failure(dir)
                .startsWith(dir.toAbsolutePath().resolve(ModelFiles.MODEL) + " is not a model ONNX Runtime can load"));
    }

    @Test
    void aCardNamingAnotherModelThanItsFolderIsRefused() throws Exception {
        Path dir = copy("1", card -> card.put("name", "other"));
        assertTrue(failure(dir).endsWith("model-card.json says model other but its model folder is stock-volume"),
                failure(dir));
    }

    /** Training ranges and drift bins are read by position: the features must be the input columns, in order. */
    @Test
    void featuresOtherThanTheInputColumnsAreRefused() throws Exception {
        Path missing = copy("1", card -> ((ArrayNode) card.get("features")).remove(1));
        assertTrue(failure(missing).endsWith("model-card.json: its features describe [vol_moving_avg], not its input columns"
                + " [vol_moving_avg, adj_close_rolling_med]"), failure(missing));
        Path unnamed = copy("2", card -> {
            card.put("version", "2");
            ((ObjectNode) card.get("features").get(0)).remove("name");
        });
        assertTrue(failure(unnamed).endsWith("its features describe [null, adj_close_rolling_med], not its input columns"
                + " [vol_moving_avg, adj_close_rolling_med]"), failure(unnamed));
    }

    @Test
    void aNullCardIsRefused() throws Exception {
        Path dir = copy("1", card -> {
        });
        Files.writeString(dir.resolve(ModelFiles.CARD), "null");
        assertTrue(failure(dir).endsWith("model-card.json is not a valid model card: it is null"), failure(dir));
    }

    /** A null in any list of the card: the sample rows, the features' statistics (the slices: below). */
    @ParameterizedTest
    @ValueSource(strings = {"samples", "features"})
    void aNullInACardsListIsRefused(String list) throws Exception {
        Path dir = copy("1", card -> ((ArrayNode) card.get(list)).addNull());
        assertTrue(failure(dir).contains("model-card.json is not a valid model card: Invalid `null` value encountered"),
                failure(dir));
    }

    @Test
    void aNullInTheEvaluationsSlicesIsRefused() throws Exception {
        Path slices = copy(CommittedModel.SECOND, "2", card -> ((ArrayNode) card.get("evaluation").get("slices")).addNull());
        assertTrue(failure(slices).contains("model-card.json is not a valid model card: Invalid `null` value"),
                failure(slices));
    }

    @Test
    void aCardThatIsNotJsonIsRefused() throws Exception {
        Path dir = copy("1", card -> {
        });
        Files.writeString(dir.resolve(ModelFiles.CARD), "{ not json");
        assertTrue(failure(dir).contains("model-card.json is not a valid model card"));
    }

    @Test
    void aSampleRowTheModelDoesNotReproduceIsRefused() throws Exception {
        Path dir = copy("1", card -> {
            ObjectNode first = (ObjectNode) card.get("samples").get(0);
            first.put("prediction", first.get("prediction").asDouble() * (1 + 1e-6));
        });
        String message = failure(dir);
        assertTrue(message.contains("sample row 0 predicts "), message);
        assertTrue(message.contains("> 1.0E-9"), message);
    }

    @Test
    void anInputNameOtherThanTheGraphsIsRefused() throws Exception {
        Path dir = copy("1", card -> ((ObjectNode) card.get("inputs").get(0)).put("name", "x"));
        assertTrue(failure(dir).endsWith("inputs are [features], the card says [x]"), failure(dir));
    }

    @Test
    void aShapeOtherThanTheGraphsIsRefused() throws Exception {
        Path dir = copy("1", card -> ((ObjectNode) card.get("outputs").get(0)).putArray("shape").add(-1).add(3));
        assertTrue(failure(dir).endsWith("output 'volume' is double[-1, 1], the card says double[-1, 3]"));
    }

    @Test
    void inputColumnsOtherThanTheCardsKindsAreRefused() throws Exception {
        Path dir = copy("1", card -> ((ObjectNode) card.get("inputs").get(0)).putArray("columns").add("a").add("b"));
        assertTrue(failure(dir).endsWith("model-card.json: a same-day model must take [vol_moving_avg, adj_close_rolling_med];"
                + " its input columns are [a, b]"), failure(dir));
    }

    @Test
    void aVersionTakesSomeOfItsKindsColumnsInItsOrder() throws Exception {
        try (LoadedModel first = ModelLoader.load(ENV, CommittedModel.FIRST_FORECAST, 1);
                LoadedModel second = ModelLoader.load(ENV, CommittedModel.FORECAST, 1)) {
            assertEquals(ForecastFeatures.FIRST_INPUTS, first.inputs().names());
            assertEquals(ForecastFeatures.FEATURE_NAMES, second.inputs().names());
        }
        Path unknown = copy(CommittedModel.FIRST_FORECAST, "1",
                card -> ((ArrayNode) card.get("inputs").get(0).get("columns")).set(8, JSON.getNodeFactory().textNode("x")));
        assertTrue(failure(unknown).endsWith("model-card.json: 'x' is not a column of a forecast model; its columns are "
                + ForecastFeatures.FEATURE_NAMES), failure(unknown));
    }

    @Test
    void threeOutputsNeedAnInterval() throws Exception {
        Path dir = copy(CommittedModel.FORECAST, "2", card -> card.remove("interval"));
        assertTrue(failure(dir).endsWith("model-card.json has 3 outputs; a model has one, or three with an interval (the"
                + " value, then its lower and upper bounds)"), failure(dir));
    }

    @Test
    void anIntervalBoundTheGraphDoesNotReproduceIsRefused() throws Exception {
        Path dir = copy(CommittedModel.FORECAST, "2",
                card -> ((ObjectNode) card.get("samples").get(0)).put("lower", 1.0));
        assertTrue(failure(dir).contains("model-card.json: sample row 0 predicts "), failure(dir));
        assertTrue(failure(dir).contains(" (volume_lower), the card says 1.0 (relative error "), failure(dir));
    }

    @Test
    void aKindTheServiceDoesNotKnowIsRefused() throws Exception {
        Path dir = copy("1", card -> card.put("kind", "weekly"));
        assertTrue(failure(dir).endsWith("model-card.json: 'weekly' is not a model kind; the kinds are same-day, forecast"),
                failure(dir));
    }

    /** Cards written before cards named their kind are known by their input columns. */
    @Test
    void aCardWithoutAKindIsKnownByItsColumnsOrRefused() throws Exception {
        try (LoadedModel model = ModelLoader.load(ENV, copy("1", card -> card.remove("kind")), 1)) {
            assertEquals(ModelKind.SAME_DAY, model.kind());
        }
        Path dir = copy("2", card -> {
            card.remove("kind");
            card.put("version", "2");
            ((ObjectNode) card.get("inputs").get(0)).putArray("columns").add("a").add("b");
        });
        assertTrue(failure(dir).endsWith("input columns [a, b] are not those of a model kind this service knows:"
                + " [vol_moving_avg, adj_close_rolling_med] (same-day) or " + ForecastFeatures.FEATURE_NAMES + " (forecast)"),
                failure(dir));
    }
}
