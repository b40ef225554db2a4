package com.stockvolume.trainer.export;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.microsoft.ml.lightgbm.PredictionType;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.Parity;
import com.stockvolume.card.ModelCard.Sample;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ModelKind;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.UnsupportedModelException;
import com.stockvolume.trainer.onnx.TreeEnsembleExporter;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One export, shared by {@code train} and {@code convert}: LightGBM text model to ONNX, then the
 * parity check that every export must pass, then the model version folder with its card.
 */
public final class ModelExport {

    public static final String INPUT = "features";
    public static final String OUTPUT = "volume";
    public static final String LIGHTGBM_VERSION = "4.3.0 (lightgbm4j 4.3.0-1)";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final LightGbmModel model;
    private final Target target;
    private final byte[] onnx;
    private final double[] lightgbm;
    private final double[] samples;
    private final int evaluationRows;
    private final Parity parity;

    private ModelExport(LightGbmModel model, Target target, byte[] onnx, double[] lightgbm, double[] samples,
            int evaluationRows, Parity parity) {
        this.model = model;
        this.target = target;
        this.onnx = onnx;
        this.lightgbm = lightgbm;
        this.samples = samples;
        this.evaluationRows = evaluationRows;
        this.parity = parity;
    }

    /**
     * Exports {@code lightgbmText} and checks the graph against LightGBM (with the target's
     * post-processing applied in Java) on the evaluation rows, the sample rows and
     * {@link ProbeRows} (thresholds, NaN, zero, negatives, a grid).
     *
     * @param evaluation row-major rows, e.g. the held-out rows
     * @param samples row-major rows that go into the card with their predictions
     */
    public static ModelExport prepare(String lightgbmText, Target target, double[] evaluation, double[] samples,
            PrintStream log) throws UnsupportedModelException, LGBMException, OrtException, ParityException {
        LightGbmModel model = LightGbmModel.parse(lightgbmText);
        int columns = model.featureCount();
        int scaleColumn = target.scaleColumn(model);
        byte[] onnx = TreeEnsembleExporter.export(model, INPUT, OUTPUT,
                "LightGBM " + model.objective() + ", " + model.trees().size() + " trees of "
                        + target.label(model.featureNames())
                        + ", exported by stock-volume-trainer",
                scaleColumn)
                .toByteArray();
        double[] probes = ProbeRows.of(model);
        double[] rows = concat(evaluation, samples, probes);
        int n = rows.length / columns;
        double[] expected;
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(lightgbmText)) {
            expected = booster.predictForMat(rows, n, columns, true, PredictionType.C_API_PREDICT_NORMAL);
        }
        for (int i = 0; i < n; i++) {
            expected[i] = Target.output(expected[i], rows, i, columns, scaleColumn);
        }
        double[] actual = ParityCheck.predict(onnx, INPUT, rows, columns);
        double worst = 0;
        int worstRow = 0;
        for (int i = 0; i < n; i++) {
            double error = Parity.relativeError(actual[i], expected[i]);
            if (!(error <= worst)) { // NaN counts as the worst
                worst = error;
                worstRow = i;
            }
        }
        log.printf(
                "parity: %d rows (%d evaluation, %d samples, %d probes), max |onnx - lightgbm| / max(1, |lightgbm|) = %.3e (bound %.0e)%n",
                n, evaluation.length / columns, samples.length / columns, probes.length / columns, worst, Parity.BOUND);
        if (!(worst <= Parity.BOUND)) {
            throw new ParityException(String.format(
                    "ONNX does not reproduce LightGBM: relative error %.3e > %.0e at row %d (onnx %s, lightgbm %s)",
                    worst, Parity.BOUND, worstRow, actual[worstRow], expected[worstRow]));
        }
        return new ModelExport(model, target, onnx, expected, samples, evaluation.length / columns,
                new Parity(n, worst, Parity.BOUND));
    }

    public Parity parity() {
        return parity;
    }

    /** The trained model's predictions for the evaluation rows, in their order (what the graph reproduces). */
    public double[] evaluationPredictions() {
        double[] out = new double[evaluationRows];
        System.arraycopy(lightgbm, 0, out, 0, evaluationRows);
        return out;
    }

    /**
     * Writes {@code model.onnx} and {@code model-card.json} into {@code dir}, atomically: both
     * appear at once, so a service polling the repository never sees half a version.
     */
    public ModelCard write(Path dir, CardDetails details) throws IOException {
        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + dir.getFileName() + ".staging-");
        try {
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
                // a temp folder is private; a model version is read by the service's own user
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Path onnxFile = staging.resolve(ModelFiles.MODEL);
            Files.write(onnxFile, onnx);
            ModelCard card = card(details, ModelFiles.sha256(onnxFile));
            JSON.writeValue(staging.resolve(ModelFiles.CARD).toFile(), card);
            Files.move(staging, dir.toAbsolutePath(), StandardCopyOption.ATOMIC_MOVE);
            return card;
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> files = Files.walk(staging)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    private ModelCard card(CardDetails details, String sha256) {
        int columns = model.featureCount();
        List<Sample> sampleRows = new ArrayList<>();
        for (int i = 0; i < samples.length / columns; i++) {
            double[] features = new double[columns];
            System.arraycopy(samples, i * columns, features, 0, columns);
            sampleRows.add(new Sample(features, lightgbm[evaluationRows + i]));
        }
        return new ModelCard(
                details.name(),
                details.version(),
                ModelKind.withInputs(model.featureNames()).map(ModelKind::id).orElse(null),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                TreeEnsembleExporter.format(target != Target.VOLUME),
                List.of(new TensorSpec(INPUT, "double", List.of(-1L, (long) columns), model.featureNames())),
                List.of(new TensorSpec(OUTPUT, "double", List.of(-1L, 1L), null)),
                details.features(),
                "Volume",
                target == Target.VOLUME ? null : target.label(model.featureNames()),
                details.trainingData(),
                details.parameters(),
                LIGHTGBM_VERSION,
                details.metrics(),
                details.evaluation(),
                parity,
                sha256,
                sampleRows);
    }

    private static double[] concat(double[]... parts) {
        int length = 0;
        for (double[] part : parts) {
            length += part.length;
        }
        double[] out = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
