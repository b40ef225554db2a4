package com.stockvolume.trainer;

import com.stockvolume.card.HeldOutHeadline;
import com.stockvolume.card.ModelCard.Evaluation;
import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.card.ModelCard.Metrics;
import com.stockvolume.card.ModelCard.SliceErrors;
import com.stockvolume.card.ModelCard.TrainingData;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.InputColumns;
import com.stockvolume.features.ModelKind;
import com.stockvolume.trainer.export.CardDetails;
import com.stockvolume.trainer.export.ModelExport;
import com.stockvolume.trainer.export.ModelExport.IntervalModels;
import com.stockvolume.trainer.export.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        header = "Train the volume model, judge it on held-out symbols and years, and write a new model version.",
        description = {
                "Computes the features; holds out a share of the symbols (every row of them) and the training",
                "symbols' later years; trains LightGBM on the rest; reports MAE and MSE of the model, the naive",
                "baseline and (with --original) the original model on both holdouts; exports ONNX, checks parity",
                "and writes <repository>/<name>/<version>/{model.onnx,model-card.json}."})
final class TrainCommand implements Callable<Integer> {

    private static final int SAMPLES = 20;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset folder (stocks/, etfs/, symbols_valid_meta.csv).")
    Path data;

    @Option(names = "--repository", defaultValue = "model", paramLabel = "DIR",
            description = "Model repository (default: ${DEFAULT-VALUE}).")
    Path repository;

    @Option(names = "--model", defaultValue = "same-day", paramLabel = "KIND", converter = KindConverter.class,
            description = "same-day: the day's Volume from the 30-day window ending that day (the original contract);"
                    + " forecast: the day's Volume from the bars strictly before it (default: ${DEFAULT-VALUE}).")
    ModelKind kind;

    @Option(names = "--inputs", split = ",", paramLabel = "COLUMN",
            description = "The model's input columns, in order, from those its kind computes (model/README.md; default:"
                    + " all of them).")
    List<String> inputs;

    @Option(names = "--name", description = "Model name (default: stock-volume, or stock-volume-forecast for FORECAST).")
    String name;

    @Option(names = "--model-version", paramLabel = "N",
            description = "Version to write (default: one above the highest in the repository).")
    Integer version;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of the symbol holdout and of LightGBM (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--holdout-symbols", defaultValue = "0.2", paramLabel = "SHARE",
            description = "Share of the symbols held out, drawn per group (hand-picked/other x stock/ETF)"
                    + " (default: ${DEFAULT-VALUE}).")
    double holdoutSymbols;

    @Option(names = "--holdout-from", defaultValue = "2019-01-01", paramLabel = "DATE",
            description = "The training symbols' rows from this date on are the time holdout (default: ${DEFAULT-VALUE}).")
    LocalDate holdoutFrom;

    @Option(names = "--hand-picked", split = ",", paramLabel = "SYMBOL",
            defaultValue = HoldoutSplit.HAND_PICKED,
            description = "The symbols picked by hand rather than drawn at random, a slice of the evaluation"
                    + " (default: the 18 of ../shared/data/README.md).")
    List<String> handPicked;

    @Option(names = "--original", paramLabel = "MODEL.txt",
            description = "LightGBM text model to compare with on the same rows, e.g. ../shared/seed/seed_model_lgbm.txt.")
    Path original;

    @Option(names = "--target", defaultValue = "RATIO", paramLabel = "FORM",
            description = "What the trees learn: RATIO (Volume / vol_moving_avg, multiplied back in the graph) or"
                    + " VOLUME (default: ${DEFAULT-VALUE}).")
    Target target;

    @Option(names = "--row-weight", defaultValue = "NONE", paramLabel = "WEIGHT",
            description = "NONE; WINDOW_MEAN: each row weighted by its 30-day mean Volume input m, so that with"
                    + " --target RATIO and the L1 objective the trees minimise the absolute error of Volume itself"
                    + " (|V - r m| = m |V/m - r|); SQRT_WINDOW_MEAN (sqrt m) and LOG_WINDOW_MEAN (ln(1 + m)) in"
                    + " between. Only with --dry-run until the card can record it (default: ${DEFAULT-VALUE}).")
    RowWeight rowWeight;

    @Option(names = "--interval", paramLabel = "SHARE",
            description = "Also train the lower and upper quantile models of a central interval holding this share of"
                    + " the volumes (0.8: quantiles 0.1 and 0.9), on the same inputs, label and parameters; the graph"
                    + " answers them as volume_lower and volume_upper, and the card states their coverage per slice.")
    Double interval;

    @Option(names = "--rounds", defaultValue = "100", description = "Boosting rounds (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--threads", defaultValue = "0",
            description = "LightGBM threads; 0 for all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--param", paramLabel = "KEY=VALUE",
            description = "Extra LightGBM parameter, repeatable; overrides the defaults (model/README.md).")
    Map<String, String> extraParameters = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Train and evaluate, but export and write nothing.")
    boolean dryRun;

    @Option(names = "--save-lightgbm", paramLabel = "FILE", description = "Also save LightGBM's text model here.")
    Path saveLightgbm;

    @Option(names = "--test-predictions", paramLabel = "FILE",
            description = "Also write the held-out symbols' rows with their predictions as CSV (for slicing the errors).")
    Path testPredictions;

    @Override
    public Integer call() throws Exception {
        if (!(holdoutSymbols > 0 && holdoutSymbols < 1)) {
            throw new IllegalArgumentException("--holdout-symbols must lie strictly between 0 and 1");
        }
        if (rowWeight != RowWeight.NONE && !dryRun) {
            throw new IllegalArgumentException("--row-weight " + rowWeight + " needs --dry-run: a card does not record"
                    + " row weights yet, so a version trained with them could not be reproduced from its card");
        }
        Progress progress = new Progress(System.err);
        if (name == null) {
            name = kind.defaultModelName();
        }
        Path dir = dryRun ? null : versionDir();
        OriginalModel originalModel = original == null ? null : OriginalModel.read(original);
        FeatureTable table = new FeatureTable(inputs == null ? InputColumns.all(kind) : InputColumns.of(kind, inputs));
        int symbolsWithRows = DatasetFeatures.streamBars(data, progress, table::add);
        Set<String> picked = new LinkedHashSet<>(handPicked);
        HoldoutSplit split = HoldoutSplit.of(table, holdoutSymbols, holdoutFrom, picked, seed);
        progress.log("split: %d training rows; held out: %d symbols (%d rows), and %d rows from %s on",
                split.train().length, split.heldOutSymbols().size(), split.symbolHoldout().length,
                split.timeHoldout().length, holdoutFrom);

        Map<String, String> parameters = parameters();
        String modelText = train(table, split.train(), parameters, progress);
        if (saveLightgbm != null) {
            Files.writeString(saveLightgbm, modelText);
        }
        IntervalModels intervalModels = null;
        if (interval != null) {
            String lower = train(table, split.train(), quantile(parameters, IntervalModels.lowerQuantile(interval)), progress);
            String upper = train(table, split.train(), quantile(parameters, IntervalModels.upperQuantile(interval)), progress);
            intervalModels = new IntervalModels(interval, lower, upper);
        }

        double[] bySymbolX = table.features(split.symbolHoldout());
        double[] byTimeX = table.features(split.timeHoldout());
        double[] samples = samples(bySymbolX, table.columns());
        ModelExport export = ModelExport.prepare(modelText, intervalModels, target, concat(bySymbolX, byTimeX), samples,
                progress.stream());
        int symbolRows = split.symbolHoldout().length;
        double[] predicted = export.evaluationPredictions();
        double[][] bounds = export.evaluationBounds();
        List<SliceErrors> slices = new ArrayList<>();
        slices.addAll(HoldoutEvaluation.slices("symbols", table, split.symbolHoldout(),
                Arrays.copyOfRange(predicted, 0, symbolRows), rows(bounds, 0, symbolRows),
                originalModel == null ? null : originalModel.predict(table.originalInput(split.symbolHoldout())),
                picked));
        slices.addAll(HoldoutEvaluation.slices("time", table, split.timeHoldout(),
                Arrays.copyOfRange(predicted, symbolRows, predicted.length), rows(bounds, symbolRows, predicted.length),
                originalModel == null ? null : originalModel.predict(table.originalInput(split.timeHoldout())),
                picked));
        slices.forEach(s -> progress.log("%s", HoldoutEvaluation.describe(s)));
        progress.log("%s", HeldOutHeadline.of(slices).describe());
        if (testPredictions != null) {
            table.writePredictions(testPredictions, table.inputs().names(), split.symbolHoldout(),
                    Arrays.copyOfRange(predicted, 0, symbolRows));
        }
        if (dryRun) {
            return 0;
        }

        SliceErrors all = slices.get(0);
        Metrics metrics = new Metrics(all.rows(), all.model().mae(), all.model().mse(), all.naive().mae(),
                all.naive().mse());
        Evaluation evaluation = new Evaluation(
                String.format("%d symbols drawn with seed %d: a share of %s of each group (hand-picked stocks,"
                        + " hand-picked ETFs, other stocks, other ETFs); every row of them", split.heldOutSymbols().size(),
                        seed, holdoutSymbols),
                "the training symbols' rows dated " + holdoutFrom + " or later",
                originalModel == null ? null : originalModel.describe(), slices);
        List<FeatureSpec> features = specs(table, split.train());
        TrainingData trainingData = new TrainingData(
                "Kaggle stock-market-dataset layout at " + data, symbolsWithRows, table.rows(),
                table.first().toString(), table.last().toString(), split.train().length, split.symbolHoldout().length,
                holdoutSymbols, seed, split.heldOutSymbols(), holdoutFrom.toString(), (long) split.timeHoldout().length);
        export.write(dir, new CardDetails(name, dir.getFileName().toString(), features, trainingData, parameters,
                metrics, evaluation));
        progress.log("wrote %s", dir);
        return 0;
    }

    private Path versionDir() throws IOException {
        Path modelDir = repository.resolve(name);
        List<Integer> existing = ModelFiles.versions(modelDir);
        int next = version != null ? version : existing.isEmpty() ? 1 : existing.get(existing.size() - 1) + 1;
        Path dir = modelDir.resolve(Integer.toString(next));
        if (Files.exists(dir)) {
            throw new IllegalArgumentException(dir + " exists already; versions are immutable, pick another --model-version");
        }
        return dir;
    }

    /**
     * LightGBM's defaults, written out so the card shows them, except the objective: L1 matches the
     * MAE the model is judged by. Tried alternatives and their held-out errors: model/README.md.
     */
    private Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("objective", "regression_l1");
        p.put("boosting", "gbdt");
        p.put("num_leaves", "31");
        p.put("learning_rate", "0.1");
        p.put("num_iterations", Integer.toString(rounds));
        p.put("max_bin", "255");
        p.put("force_row_wise", "true");
        p.put("seed", Long.toString(seed));
        p.put("deterministic", "true");
        if (threads > 0) {
            p.put("num_threads", Integer.toString(threads));
        }
        p.putAll(extraParameters);
        return p;
    }

    /** The point model's parameters with the quantile objective at {@code alpha}: an interval's bound. */
    private static Map<String, String> quantile(Map<String, String> parameters, double alpha) {
        Map<String, String> p = new LinkedHashMap<>(parameters);
        p.put("objective", "quantile");
        p.put("alpha", Double.toString(alpha));
        return p;
    }

    /** Rows {@code [from, to)} of each bound, or null without an interval. */
    private static double[][] rows(double[][] bounds, int from, int to) {
        return bounds == null
                ? null
                : new double[][]{Arrays.copyOfRange(bounds[0], from, to), Arrays.copyOfRange(bounds[1], from, to)};
    }

    /** Trains on {@code rows}, leaving out those whose label is undefined (see {@link Target#label}). */
    private String train(FeatureTable table, int[] rows, Map<String, String> parameters, Progress progress)
            throws Exception {
        int[] usable = Arrays.stream(rows)
                .filter(r -> !Double.isNaN(target.label(table.volume(r), table.windowMean(r)))).toArray();
        float[] labels = new float[usable.length];
        float[] weights = rowWeight == RowWeight.NONE ? null : new float[usable.length];
        for (int i = 0; i < usable.length; i++) {
            labels[i] = (float) target.label(table.volume(usable[i]), table.windowMean(usable[i]));
            if (weights != null) {
                weights[i] = (float) rowWeight.of(table.windowMean(usable[i]));
            }
        }
        if (weights != null) { // scaled to a mean of 1: LightGBM sums them in single precision
            double sum = 0;
            for (float w : weights) {
                sum += w;
            }
            float scale = (float) (weights.length / sum);
            for (int i = 0; i < weights.length; i++) {
                weights[i] *= scale;
            }
        }
        progress.log("training on %d rows (%d without a %s label left out), row weights: %s", usable.length,
                rows.length - usable.length, target.label(table.inputs().names()), rowWeight);
        return LightGbmTraining.train(table.features(usable), labels, weights, table.inputs().names(), parameters,
                progress);
    }

    /**
     * Each input's definition, the range it took in training, and its deciles there with the share of rows
     * between them (the drift reference).
     */
    private List<FeatureSpec> specs(FeatureTable table, int[] trainRows) {
        List<FeatureSpec> specs = new ArrayList<>();
        int c = 0;
        for (String name : table.inputs().names()) {
            double[] range = table.range(c, trainRows);
            List<Double> deciles = table.deciles(c, trainRows);
            specs.add(new FeatureSpec(name, kind.definitions().get(name), range[0], range[1], deciles,
                    table.decileShares(c++, trainRows, deciles)));
        }
        return specs;
    }

    /** How each training row counts in the objective. */
    enum RowWeight {

        NONE, WINDOW_MEAN, SQRT_WINDOW_MEAN, LOG_WINDOW_MEAN;

        double of(double windowMean) {
            return switch (this) {
                case NONE -> 1;
                case WINDOW_MEAN -> windowMean;
                case SQRT_WINDOW_MEAN -> Math.sqrt(windowMean);
                case LOG_WINDOW_MEAN -> Math.log1p(windowMean);
            };
        }
    }

    /** {@code --model same-day|forecast}, by the kind's id (the enum's names work too). */
    static final class KindConverter implements ITypeConverter<ModelKind> {

        @Override
        public ModelKind convert(String value) {
            for (ModelKind kind : ModelKind.values()) {
                if (kind.name().equalsIgnoreCase(value)) {
                    return kind;
                }
            }
            return ModelKind.of(value);
        }
    }

    /** {@value #SAMPLES} held-out rows spread over the holdout, for the card. */
    private static double[] samples(double[] rows, int columns) {
        int n = rows.length / columns;
        int count = Math.min(SAMPLES, n);
        double[] out = new double[count * columns];
        for (int k = 0; k < count; k++) {
            System.arraycopy(rows, (int) ((long) k * n / count) * columns, out, k * columns, columns);
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
