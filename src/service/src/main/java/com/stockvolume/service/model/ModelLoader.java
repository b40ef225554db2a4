package com.stockvolume.service.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.InputColumns;
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

    // A null inside any of a card's lists (samples, slices, features...) refuses the card, rather than
    // fail later in a check or a meter.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .withConfigOverride(List.class, o -> o.setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL)))
            .build();

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
        InputColumns inputs = inputs(cardFile, card);
        checkFeatures(cardFile, card, inputs);
        String folder = dir.getFileName().toString();
        if (!folder.equals(card.version())) {
            throw new ModelLoadException(cardFile + " says version " + card.version() + " but its folder is " + folder);
        }
        String modelFolder = dir.getParent().getFileName().toString();
        if (!modelFolder.equals(card.name())) {
            throw new ModelLoadException(cardFile + " says model " + card.name() + " but its model folder is " + modelFolder);
        }
        checkFile(onnxFile, card);
        OrtSession session = open(env, onnxFile, intraOpThreads);
        try {
            checkSignature(onnxFile, session, card);
            LoadedModel model = new LoadedModel(card, inputs, dir, env, session);
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
        if (card == null) {
            throw new ModelLoadException(cardFile + " is not a valid model card: it is null");
        }
        if (card.name() == null || card.version() == null || card.sha256() == null
                || card.inputs() == null || card.inputs().size() != 1
                || card.outputs() == null || card.outputs().isEmpty()
                || card.samples() == null || card.samples().isEmpty()) {
            throw new ModelLoadException(cardFile
                    + " lacks name, version, sha256, one input, an output or sample rows");
        }
        if (card.outputs().size() != (card.interval() == null ? 1 : 3)) {
            throw new ModelLoadException(cardFile + " has " + card.outputs().size() + " outputs; a model has one, or three"
                    + " with an interval (the value, then its lower and upper bounds)");
        }
        return card;
    }

    /**
     * The card's input columns, of its kind; a card written before cards named their kind is known by its
     * columns alone.
     */
    private static InputColumns inputs(Path cardFile, ModelCard card) throws ModelLoadException {
        TensorSpec input = card.inputs().get(0);
        List<String> columns = input.columns();
        if (columns == null || input.shape() == null || input.shape().size() != 2
                || input.shape().get(1) != columns.size()) {
            throw new ModelLoadException(cardFile + ": input '" + input.name() + "' must have shape [-1, C] and C named"
                    + " columns; it has shape " + input.shape() + " and columns " + columns);
        }
        ModelKind kind;
        if (card.kind() == null) {
            kind = ModelKind.withInputs(columns).orElseThrow(() -> new ModelLoadException(cardFile + ": input columns "
                    + columns + " are not those of a model kind this service knows: " + knownKinds()));
        } else {
            try {
                kind = ModelKind.of(card.kind());
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(cardFile + ": " + e.getMessage());
            }
        }
        try {
            return InputColumns.of(kind, columns);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(cardFile + ": " + e.getMessage());
        }
    }

    /** The features' statistics (training range, drift bins) are read column by column, by position. */
    private static void checkFeatures(Path cardFile, ModelCard card, InputColumns inputs) throws ModelLoadException {
        if (card.features() == null) {
            return;
        }
        List<String> described = card.features().stream().map(FeatureSpec::name).toList();
        if (!described.equals(inputs.names())) {
            throw new ModelLoadException(cardFile + ": its features describe " + described + ", not its input columns "
                    + inputs.names());
        }
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
            check(onnxFile, "input", session.getInputInfo(), card.inputs());
            check(onnxFile, "output", session.getOutputInfo(), card.outputs());
        } catch (OrtException e) {
            throw new ModelLoadException(onnxFile + ": cannot read the graph's signature: " + e.getMessage());
        }
    }

    /** The graph's inputs or outputs are the card's, in its order, each of the card's type and shape. */
    private static void check(Path onnxFile, String kind, Map<String, NodeInfo> actual, List<TensorSpec> expected)
            throws ModelLoadException {
        List<String> names = expected.stream().map(TensorSpec::name).toList();
        if (!List.copyOf(actual.keySet()).equals(names)) {
            throw new ModelLoadException(onnxFile + ": " + kind + "s are " + actual.keySet() + ", the card says " + names);
        }
        for (TensorSpec spec : expected) {
            check(onnxFile, kind, actual.get(spec.name()), spec);
        }
    }

    private static void check(Path onnxFile, String kind, NodeInfo node, TensorSpec expected) throws ModelLoadException {
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new ModelLoadException(onnxFile + ": " + kind + " '" + expected.name() + "' is not a tensor");
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
        double[][] predicted;
        try {
            predicted = model.infer(rows);
        } catch (OrtException e) {
            throw new ModelLoadException(cardFile + ": the sample rows do not run: " + e.getMessage());
        }
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            Double[] expected = {sample.prediction(), sample.lower(), sample.upper()};
            for (int k = 0; k < predicted.length && k < expected.length; k++) {
                if (expected[k] == null) { // a bound (the prediction is always there)
                    if (card.interval() != null) {
                        throw new ModelLoadException(cardFile + ": sample row " + i + " lacks the value of output '"
                                + card.outputs().get(k).name() + "'");
                    }
                    continue;
                }
                double error = Parity.relativeError(predicted[k][i], expected[k]);
                if (!(error <= bound)) {
                    throw new ModelLoadException(cardFile + ": sample row " + i + " predicts " + predicted[k][i] + " ("
                            + card.outputs().get(k).name() + "), the card says " + expected[k] + " (relative error " + error
                            + " > " + bound + ")");
                }
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
