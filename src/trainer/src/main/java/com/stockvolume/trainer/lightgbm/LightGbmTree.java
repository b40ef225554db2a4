package com.stockvolume.trainer.lightgbm;

/**
 * One tree of a LightGBM text model, in LightGBM's own arrays. A child index {@code c >= 0} is an
 * internal node; {@code c < 0} is the leaf {@code ~c}. A tree with one leaf has no internal nodes.
 */
public record LightGbmTree(
        int[] splitFeature,
        double[] threshold,
        int[] decisionType,
        int[] leftChild,
        int[] rightChild,
        double[] leafValue) {

    /** decision_type bit 0: a categorical split. */
    public static final int CATEGORICAL_MASK = 1;
    /** decision_type bit 1: missing values go left. */
    public static final int DEFAULT_LEFT_MASK = 2;

    /** decision_type bits 2-3. NONE means a NaN is read as 0.0 and then compared. */
    public enum MissingType {
        NONE, ZERO, NAN
    }

    /** LightGBM's kZeroThreshold: a float constant, widened to double as LightGBM compares it. */
    public static final double ZERO_THRESHOLD = (double) 1e-35f;

    public int internalNodes() {
        return splitFeature.length;
    }

    public static MissingType missingType(int decisionType) {
        return MissingType.values()[(decisionType >> 2) & 3];
    }

    public static boolean defaultLeft(int decisionType) {
        return (decisionType & DEFAULT_LEFT_MASK) != 0;
    }
}
