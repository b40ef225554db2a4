package com.stockvolume.card;

import java.util.List;
import java.util.Map;

/**
 * {@code model-card.json}: what the trainer wrote beside {@code model.onnx} and what the service
 * checks before it serves the model. Plain records, so the trainer and the service share one
 * definition and Jackson maps it without annotations.
 *
 * @param kind the {@link com.stockvolume.features.ModelKind#id() model kind}: which inputs the model takes and how
 *     they are computed from bars
 * @param target what the model outputs
 * @param interval the central interval of the extra outputs; null for a model with one output
 * @param label what the trees were trained to predict, when not the target itself (the graph's
 *     post-processing turns it into the target); null for a plain model
 * @param trainingData null for a model brought in with {@code convert}
 * @param metrics null for a model brought in with {@code convert}
 * @param evaluation null for a model brought in with {@code convert}, and for version 1
 */
public record ModelCard(
        String name,
        String version,
        String kind,
        String created,
        OnnxFormat onnx,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        Interval interval,
        List<FeatureSpec> features,
        String target,
        String label,
        TrainingData trainingData,
        Map<String, String> parameters,
        String lightgbmVersion,
        Metrics metrics,
        Evaluation evaluation,
        Parity parity,
        String sha256,
        List<Sample> samples) {

    /**
     * How the ONNX file is built.
     *
     * @param postProcessing the standard ONNX nodes after the tree ensemble, null when there are none
     */
    public record OnnxFormat(long irVersion, long opset, long mlOpset, String operator, String precision,
            String postProcessing) {
    }

    /** An input or output of the ONNX graph; -1 in a shape is the batch dimension. */
    public record TensorSpec(String name, String datatype, List<Long> shape, List<String> columns) {
    }

    /**
     * A model feature, its definition and the range it took in training: values outside it are
     * extrapolation, which the service counts as a drift signal. Null where unknown.
     *
     * @param referenceQuantiles the feature's deciles over the training rows (the 10th to the 90th
     *     percentile, nine cut points): the reference the service measures input drift against (PSI).
     *     Null in cards written before them and in converted models' cards: drift is then off for the version
     * @param referenceShares the share of the training rows in each of the ten bins the deciles cut
     *     ({@link ReferenceBins}); null in cards written before them, where each bin counts as a tenth
     */
    public record FeatureSpec(String name, String definition, Double trainingMin, Double trainingMax,
            List<Double> referenceQuantiles, List<Double> referenceShares) {

        /** A feature without reference quantiles. */
        public FeatureSpec(String name, String definition, Double trainingMin, Double trainingMax) {
            this(name, definition, trainingMin, trainingMax, null, null);
        }
    }

    public record TrainingData(
            String source,
            int symbols,
            long rows,
            String firstDate,
            String lastDate,
            long trainRows,
            long testRows,
            double testFraction,
            long seed,
            List<String> heldOutSymbols,
            String timeHoldoutFrom,
            Long timeHoldoutRows) {
    }

    /**
     * Errors on the test rows, next to the naive baseline that predicts vol_moving_avg itself. Version
     * 1: a random 20% of all rows; from version 2: every row of the held-out symbols.
     */
    public record Metrics(long testRows, double mae, double mse, double baselineMae, double baselineMse) {
    }

    /**
     * Errors on rows the model never saw, next to the naive baseline and the original model on the
     * same rows.
     *
     * @param originalModel which LightGBM model "original" is (file and sha256), null if none was given
     */
    public record Evaluation(String symbolHoldout, String timeHoldout, String originalModel, List<SliceErrors> slices) {
    }

    /**
     * @param holdout {@code symbols} or {@code time}
     * @param slice {@code all}, {@code stocks}, {@code etfs}, {@code hand-picked} or {@code random}
     * @param naive predicting the 30-day mean Volume input (vol_moving_avg, or the forecast's vol_mean_30d)
     * @param previousDay predicting the previous bar's Volume (forecast models only; else null)
     * @param original the original model's same-day estimate; null when no original model was given
     */
    public record SliceErrors(String holdout, String slice, long rows, int symbols,
            Errors model, Errors naive, Errors previousDay, Errors original, Coverage interval) {
    }

    /**
     * The central interval a model's second and third outputs bound: {@code share} of the actual volumes
     * should lie in [lower, upper]; each bound is a quantile model's ({@code lowerQuantile},
     * {@code upperQuantile}) on the same inputs, held to lower <= volume <= upper in the graph.
     */
    public record Interval(double share, double lowerQuantile, double upperQuantile, List<String> outputs) {
    }

    /** How the interval did on a slice: the share of actual volumes inside it, and its mean width. */
    public record Coverage(double inside, double meanWidth) {
    }

    public record Errors(double mae, double mse) {
    }

    /** max |onnx - lightgbm| / max(1, |lightgbm|) over {@code rows} rows, and the bound it met. */
    public record Parity(long rows, double maxRelativeError, double bound) {

        /**
         * The bound every export must meet (trainer) and every sample row must meet when a version
         * loads (service), unless a card states its own.
         */
        public static final double BOUND = 1e-9;

        /** The error measure of the parity check and of the service's sample-row check. */
        public static double relativeError(double actual, double expected) {
            if (Double.compare(actual, expected) == 0) {
                return 0; // the same NaN or infinity: a product with a NaN or huge input agrees
            }
            return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
        }
    }

    /**
     * A row of features and LightGBM's prediction for it, at full precision; with an interval, its
     * bounds too (else null).
     */
    public record Sample(double[] features, double prediction, Double lower, Double upper) {
    }
}
