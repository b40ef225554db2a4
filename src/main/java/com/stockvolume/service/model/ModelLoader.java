package com.stockvolume.service.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ModelKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Loads one model version and refuses it unless it is exactly what its card says: the file's
 * sha256, the graph's input and output names, types and shapes, and the card's sample rows
 * reproduced within the card's parity bound. Plain Java: no container needed to test it.
 */
public final class ModelLoader {

    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
            false);

    private ModelLoader() {
    }

    public static LoadedModel load(OrtEnvironment env, Path versionDir, int intraOpThreads) throws ModelLoadException {
        Path dir = versionDir.toAbsolutePath().normalize();
        Path onnxFile = dir.resolve(ModelFiles.MODEL);
        Path cardFile = dir.resolve(ModelFiles.CARD);
        for (Path required : List.of(onnxFile, cardFile)) {
            if (!Files.isRegularFile(required)) {
                throw new ModelLoadException("missing " + required);
            }
        }
        ModelCard card = readCard(cardFile);
        ModelKind kind = kind(cardFile, card);
        String folder = dir.getFileName().toString();
        if (!folder.equals(card.version())) {
            throw new ModelLoadException(cardFile + " says version " + card.version() + " but its folder is " + folder);
        }
        checkFile(onnxFile, card);
        OrtSession session = open(env, onnxFile, intraOpThreads);
        try {
            checkSignature(onnxFile, session, card);
            LoadedModel model = new LoadedModel(card, kind, dir, env, session);
            checkSamples(cardFile, model);
            return model;
        } catch (ModelLoadException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static ModelCard readCard(Path cardFile) throws ModelLoadException {
        ModelCard card;
        try {
            card = JSON.readValue(cardFile.toFile(), ModelCard.class);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(cardFile + " is not a valid model card: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + cardFile + ": " + e.getMessage());
        }
        if (card.name() == null || card.version() == null || card.sha256() == null
                || card.inputs() == null || card.inputs().size() != 1
                || card.outputs() == null || card.outputs().size() != 1
                || card.samples() == null || card.samples().isEmpty()) {
            throw new ModelLoadException(cardFile
                    + " lacks name, version, sha256, one input, one output or sample rows");
        }
        return card;
    }

    /**
     * The card's kind, whose input columns must be the card's; a card written before cards named their
     * kind is known by its columns alone.
     */
    private static ModelKind kind(Path cardFile, ModelCard card) throws ModelLoadException {
        List<String> columns = card.inputs().get(0).columns();
        if (card.kind() == null) {
            return ModelKind.withInputs(columns).orElseThrow(() -> new ModelLoadException(cardFile + ": input columns "
                    + columns + " are not those of a model kind this service knows: " + knownKinds()));
        }
        ModelKind kind;
        try {
            kind = ModelKind.of(card.kind());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(cardFile + ": " + e.getMessage());
        }
        if (!kind.featureNames().equals(columns)) {
            throw new ModelLoadException(cardFile + ": a " + kind.id() + " model takes " + kind.featureNames()
                    + ", the card's input columns are " + columns);
        }
        return kind;
    }

    private static String knownKinds() {
        return Arrays.stream(ModelKind.values()).map(k -> k.featureNames() + " (" + k.id() + ")")
                .collect(Collectors.joining(" or "));
    }

    private static void checkFile(Path onnxFile, ModelCard card) throws ModelLoadException {
        String actual;
        try {
            actual = ModelFiles.sha256(onnxFile);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + onnxFile + ": " + e.getMessage());
        }
        if (!actual.equals(card.sha256())) {
            throw new ModelLoadException(onnxFile + " has sha256 " + actual + " but its card says " + card.sha256());
        }
    }

    private static OrtSession open(OrtEnvironment env, Path onnxFile, int intraOpThreads) throws ModelLoadException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            return env.createSession(onnxFile.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException(onnxFile + " is not a model ONNX Runtime can load: " + e.getMessage());
        }
    }

    private static void checkSignature(Path onnxFile, OrtSession session, ModelCard card) throws ModelLoadException {
        try {
            check(onnxFile, "input", session.getInputInfo(), card.inputs().get(0));
            check(onnxFile, "output", session.getOutputInfo(), card.outputs().get(0));
        } catch (OrtException e) {
            throw new ModelLoadException(onnxFile + ": cannot read the graph's signature: " + e.getMessage());
        }
    }

    private static void check(Path onnxFile, String kind, Map<String, NodeInfo> actual, TensorSpec expected)
            throws ModelLoadException {
        NodeInfo node = actual.get(expected.name());
        if (actual.size() != 1 || node == null || !(node.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(onnxFile + ": " + kind + "s are " + actual.keySet()
                    + ", the card says one tensor named '" + expected.name() + "'");
        }
        String type = tensor.type == OnnxJavaType.DOUBLE
                ? "double"
                : tensor.type == OnnxJavaType.FLOAT
                        ? "float"
                        : tensor.type.name().toLowerCase();
        long[] shape = expected.shape().stream().mapToLong(Long::longValue).toArray();
        if (!type.equals(expected.datatype()) || !Arrays.equals(tensor.getShape(), shape)) {
            throw new ModelLoadException(onnxFile + ": " + kind + " '" + expected.name() + "' is " + type
                    + Arrays.toString(tensor.getShape()) + ", the card says " + expected.datatype()
                    + Arrays.toString(shape));
        }
        if (!"double".equals(type)) {
            throw new ModelLoadException(onnxFile + ": " + kind + " '" + expected.name()
                    + "' is " + type + "; the service serves double models");
        }
    }

    private static void checkSamples(Path cardFile, LoadedModel model) throws ModelLoadException {
        ModelCard card = model.card();
        double bound = card.parity() == null ? Parity.BOUND : card.parity().bound();
        List<Sample> samples = card.samples();
        int columns = card.inputs().get(0).shape().get(1).intValue();
        double[] rows = new double[samples.size() * columns];
        for (int i = 0; i < samples.size(); i++) {
            double[] features = samples.get(i).features();
            if (features == null || features.length != columns) {
                throw new ModelLoadException(cardFile + ": sample row " + i + " does not have " + columns + " features");
            }
            System.arraycopy(features, 0, rows, i * columns, columns);
        }
        double[] predicted;
        try {
            predicted = model.infer(rows);
        } catch (OrtException e) {
            throw new ModelLoadException(cardFile + ": the sample rows do not run: " + e.getMessage());
        }
        for (int i = 0; i < samples.size(); i++) {
            double expected = samples.get(i).prediction();
            double error = Parity.relativeError(predicted[i], expected);
            if (!(error <= bound)) {
                throw new ModelLoadException(cardFile + ": sample row " + i + " predicts " + predicted[i]
                        + ", the card says " + expected + " (relative error " + error + " > " + bound + ")");
            }
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing with a better message
        }
    }
}
