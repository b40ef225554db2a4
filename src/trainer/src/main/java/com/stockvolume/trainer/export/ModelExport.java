package com.stockvolume.trainer.export;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.microsoft.ml.lightgbm.PredictionType;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.Interval;
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
import java.math.BigDecimal;
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
    /** The interval's bounds, the second and third outputs of a model trained with one. */
    public static final List<String> BOUND_OUTPUTS = List.of("volume_lower", "volume_upper");
    public static final String LIGHTGBM_VERSION = "4.3.0 (lightgbm4j 4.3.0-1)";

    /** How a card is written, by train, convert and reference alike: indented, absent fields left out. */
    public static final ObjectWriter CARD_WRITER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL).writer();

    private final LightGbmModel model;
    private final IntervalModels interval;
    private final Target target;
    private final byte[] onnx;
    private final double[][] lightgbm;
    private final double[] samples;
    private final int evaluationRows;
    private final Parity parity;

    private ModelExport(LightGbmModel model, IntervalModels interval, Target target, byte[] onnx, double[][] lightgbm,
            double[] samples, int evaluationRows, Parity parity) {
        this.model = model;
        this.interval = interval;
        this.target = target;
        this.onnx = onnx;
        this.lightgbm = lightgbm;
        this.samples = samples;
        this.evaluationRows = evaluationRows;
        this.parity = parity;
    }

    /**
     * The lower and upper quantile models of a central interval, trained on the point model's inputs and
     * label.
     *
     * @param share the share of actual values the interval should hold, e.g. 0.8 (quantiles 0.1 and 0.9)
     */
    public record IntervalModels(double share, String lowerText, String upperText) {

        public double lowerQuantile() {
            return lowerQuantile(share);
        }

        public double upperQuantile() {
            return upperQuantile(share);
        }

        /** (1 - share) / 2, in decimal (0.8 gives 0.1, not 0.09999999999999998). */
        public static double lowerQuantile(double share) {
            return BigDecimal.ONE.subtract(BigDecimal.valueOf(share)).divide(BigDecimal.valueOf(2)).doubleValue();
        }

        /** 1 - (1 - share) / 2, in decimal. */
        public static double upperQuantile(double share) {
            return BigDecimal.ONE.subtract(BigDecimal.valueOf(lowerQuantile(share))).doubleValue();
        }
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
        return prepare(lightgbmText, null, target, evaluation, samples, log);
    }

    /** The same with an interval ({@code null}: none), whose bounds become the graph's second and third outputs. */
    public static ModelExport prepare(String lightgbmText, IntervalModels interval, Target target, double[] evaluation,
            double[] samples, PrintStream log)
            throws UnsupportedModelException, LGBMException, OrtException, ParityException {
        LightGbmModel model = LightGbmModel.parse(lightgbmText);
        List<String> texts = interval == null
                ? List.of(lightgbmText)
                : List.of(lightgbmText, interval.lowerText(), interval.upperText());
        List<LightGbmModel> models = new ArrayList<>();
        for (String text : texts) {
            models.add(LightGbmModel.parse(text));
        }
        List<String> outputs = interval == null ? List.of(OUTPUT) : outputNames();
        int columns = model.featureCount();
        int scaleColumn = target.scaleColumn(model);
        byte[] onnx = TreeEnsembleExporter.export(models, INPUT, outputs,
                "LightGBM " + model.objective() + ", " + model.trees().size() + " trees of "
                        + target.label(model.featureNames())
                        + (interval == null
                                ? ""
                                : String.format(", and the %.2f and %.2f quantiles' %d and %d trees",
                                        interval.lowerQuantile(), interval.upperQuantile(), models.get(1).trees().size(),
                                        models.get(2).trees().size()))
                        + ", exported by stock-volume-trainer",
                scaleColumn)
                .toByteArray();
        double[] probes = ProbeRows.of(model);
        double[] rows = concat(evaluation, samples, probes);
        int n = rows.length / columns;
        double[][] expected = new double[texts.size()][];
        for (int k = 0; k < texts.size(); k++) {
            try (LGBMBooster booster = LGBMBooster.loadModelFromString(texts.get(k))) {
                expected[k] = booster.predictForMat(rows, n, columns, true, PredictionType.C_API_PREDICT_NORMAL);
            }
            for (int i = 0; i < n; i++) {
                expected[k][i] = Target.output(expected[k][i], rows, i, columns, scaleColumn);
            }
        }
        if (interval != null) {
            for (int i = 0; i < n; i++) {
                expected[1][i] = Target.lowerBound(expected[1][i], expected[0][i]);
                expected[2][i] = Target.upperBound(expected[2][i], expected[0][i]);
            }
        }
        double[][] actual = ParityCheck.predict(onnx, INPUT, outputs, rows, columns);
        double worst = 0;
        int worstRow = 0;
        int worstOutput = 0;
        for (int k = 0; k < outputs.size(); k++) {
            for (int i = 0; i < n; i++) {
                double error = Parity.relativeError(actual[k][i], expected[k][i]);
                if (!(error <= worst)) { // NaN counts as the worst
                    worst = error;
                    worstRow = i;
                    worstOutput = k;
                }
            }
        }
        log.printf(
                "parity: %d rows (%d evaluation, %d samples, %d probes)%s, max |onnx - lightgbm| / max(1, |lightgbm|) = %.3e (bound %.0e)%n",
                n, evaluation.length / columns, samples.length / columns, probes.length / columns,
                outputs.size() == 1 ? "" : " x " + outputs.size() + " outputs", worst, Parity.BOUND);
        if (!(worst <= Parity.BOUND)) {
            throw new ParityException(String.format(
                    "ONNX does not reproduce LightGBM: relative error %.3e > %.0e at row %d of %s (onnx %s, lightgbm %s)",
                    worst, Parity.BOUND, worstRow, outputs.get(worstOutput), actual[worstOutput][worstRow],
                    expected[worstOutput][worstRow]));
        }
        return new ModelExport(model, interval, target, onnx, expected, samples, evaluation.length / columns,
                new Parity(n, worst, Parity.BOUND));
    }

    /** The outputs of a model with an interval: the value, then its lower and upper bounds. */
    public static List<String> outputNames() {
        List<String> names = new ArrayList<>();
        names.add(OUTPUT);
        names.addAll(BOUND_OUTPUTS);
        return List.copyOf(names);
    }

    public Parity parity() {
        return parity;
    }

    /** The trained model's predictions for the evaluation rows, in their order (what the graph reproduces). */
    public double[] evaluationPredictions() {
        return evaluationOutput(0);
    }

    /** The interval's lower and upper bounds for the evaluation rows, or null without an interval. */
    public double[][] evaluationBounds() {
        return interval == null ? null : new double[][]{evaluationOutput(1), evaluationOutput(2)};
    }

    private double[] evaluationOutput(int k) {
        double[] out = new double[evaluationRows];
        System.arraycopy(lightgbm[k], 0, out, 0, evaluationRows);
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
            CARD_WRITER.writeValue(staging.resolve(ModelFiles.CARD).toFile(), card);
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
            int row = evaluationRows + i;
            sampleRows.add(new Sample(features, lightgbm[0][row], interval == null ? null : lightgbm[1][row],
                    interval == null ? null : lightgbm[2][row]));
        }
        return new ModelCard(
                details.name(),
                details.version(),
                ModelKind.withInputs(model.featureNames()).map(ModelKind::id).orElse(null),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                TreeEnsembleExporter.format(target != Target.VOLUME, interval != null),
                List.of(new TensorSpec(INPUT, "double", List.of(-1L, (long) columns), model.featureNames())),
                (interval == null ? List.of(OUTPUT) : outputNames()).stream()
                        .map(name -> new TensorSpec(name, "double", List.of(-1L, 1L), null)).toList(),
                interval == null
                        ? null
                        : new Interval(interval.share(), interval.lowerQuantile(),
                                interval.upperQuantile(), BOUND_OUTPUTS),
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
