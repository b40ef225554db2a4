package com.stockvolume.card;

import java.util.List;
import java.util.Map;

/**
 * {@code model-card.json}: what the trainer wrote beside {@code model.onnx} and what the service
 * checks before it serves the model. Plain records, so the trainer and the service share one
 * definition and Jackson maps it without annotations.
 *
 * @param trainingData null for a model brought in with {@code convert}
 * @param metrics null for a model brought in with {@code convert}
 */
public record ModelCard(
        String name,
        String version,
        String created,
        OnnxFormat onnx,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<FeatureSpec> features,
        String target,
        TrainingData trainingData,
        Map<String, String> parameters,
        String lightgbmVersion,
        Metrics metrics,
        Parity parity,
        String sha256,
        List<Sample> samples) {

    /** How the ONNX file is built. */
    public record OnnxFormat(long irVersion, long opset, long mlOpset, String operator, String precision) {}

    /** An input or output of the ONNX graph; -1 in a shape is the batch dimension. */
    public record TensorSpec(String name, String datatype, List<Long> shape, List<String> columns) {}

    /**
     * A model feature, its definition and the range it took in training: values outside it are
     * extrapolation, which the service counts as a drift signal. Null where unknown.
     */
    public record FeatureSpec(String name, String definition, Double trainingMin, Double trainingMax) {}

    public record TrainingData(
            String source,
            int symbols,
            long rows,
            String firstDate,
            String lastDate,
            long trainRows,
            long testRows,
            double testFraction,
            long seed) {}

    /** Errors on the test split, next to the naive baseline that predicts vol_moving_avg itself. */
    public record Metrics(long testRows, double mae, double mse, double baselineMae, double baselineMse) {}

    /** max |onnx - lightgbm| / max(1, |lightgbm|) over {@code rows} rows, and the bound it met. */
    public record Parity(long rows, double maxRelativeError, double bound) {

        /** The error measure of the parity check and of the service's sample-row check. */
        public static double relativeError(double actual, double expected) {
            return Math.abs(actual - expected) / Math.max(1.0, Math.abs(expected));
        }
    }

    /** A row of features and LightGBM's prediction for it, at full precision. */
    public record Sample(double[] features, double prediction) {}
}
