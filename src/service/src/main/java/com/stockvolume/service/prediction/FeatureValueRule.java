package com.stockvolume.service.prediction;

/**
 * The one rule for a feature value in any request: finite and >= 0. JSON has no NaN, but 1e999
 * parses to Infinity, and a negative volume or price is no input the model was trained on.
 */
public final class FeatureValueRule {

    public static final String RULE = "must be a finite number >= 0";

    private FeatureValueRule() {
    }

    public static boolean valid(double value) {
        return Double.isFinite(value) && value >= 0;
    }
}
