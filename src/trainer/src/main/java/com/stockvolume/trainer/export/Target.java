package com.stockvolume.trainer.export;

import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.UnsupportedModelException;
import java.util.List;

/**
 * What the trees predict and how the graph turns that into the model's output, Volume. The
 * post-processing lives in the ONNX graph, so the service stays one ONNX Runtime call whatever
 * the form; {@link #output} is its definition in Java, which the parity check holds the graph to.
 */
public enum Target {

    /** The trees predict Volume itself (version 1, and any plain LightGBM regression). */
    VOLUME("Volume"),

    /**
     * The trees predict Volume / (a 30-day mean Volume input: vol_moving_avg, or the forecast's
     * vol_mean_30d) and the graph multiplies by that input, flooring the product at 0. Volume is
     * heavy-tailed (up to ~7e9) while the ratio is near 1 for every symbol, so trees of the ratio serve
     * small and huge symbols alike (model/README.md has the comparison).
     */
    RATIO("Volume / " + WindowFeatures.VOL_MOVING_AVG);

    /** The inputs RATIO may scale by, in order of preference. */
    private static final List<String> SCALE_FEATURES = List.of(WindowFeatures.VOL_MOVING_AVG, ForecastFeatures.VOL_MEAN_30D);

    private final String label;

    Target(String label) {
        this.label = label;
    }

    /** What the trees are trained on, for a model whose inputs are {@code featureNames}, e.g. "Volume / vol_moving_avg". */
    public String label(List<String> featureNames) {
        if (this == VOLUME) {
            return label;
        }
        return SCALE_FEATURES.stream().filter(featureNames::contains).findFirst()
                .map(name -> "Volume / " + name).orElse(label);
    }

    /**
     * The label of a row, or NaN where it is undefined (a ratio to a mean of 0): such rows cannot
     * train a ratio model. The graph answers 0 x anything = 0 for them, which is right for the
     * same-day model (a window mean of 0 means every volume in it, the day's too, was 0) and the
     * naive answer for a forecast after 30 days without trading.
     */
    public double label(double volume, double mean) {
        return switch (this) {
            case VOLUME -> volume;
            case RATIO -> mean > 0 ? volume / mean : Double.NaN;
        };
    }

    /** The column the graph multiplies the trees' sum by, or -1 for none. */
    public int scaleColumn(LightGbmModel model) throws UnsupportedModelException {
        if (this == VOLUME) {
            return -1;
        }
        for (String name : SCALE_FEATURES) {
            if (model.featureNames().contains(name)) {
                return model.featureNames().indexOf(name);
            }
        }
        throw new UnsupportedModelException("the ratio form multiplies by the input " + String.join(" or ", SCALE_FEATURES)
                + ", which the model's features " + model.featureNames() + " lack");
    }

    /**
     * The model's output for a row, given the trees' sum: what the exported graph must compute.
     * The floor keeps a NaN a NaN, as ONNX's Relu does.
     */
    public static double output(double trees, double[] rows, int row, int columns, int scaleColumn) {
        if (scaleColumn < 0) {
            return trees;
        }
        double scaled = trees * rows[row * columns + scaleColumn];
        return scaled < 0 ? 0.0 : scaled;
    }

    /**
     * The interval's lower bound as the graph holds it: at most the value (ONNX Min; a NaN on either
     * side gives NaN, as the parity probes with NaN inputs check).
     */
    public static double lowerBound(double lower, double value) {
        return Math.min(lower, value);
    }

    /** The upper bound, at least the value (ONNX Max). */
    public static double upperBound(double upper, double value) {
        return Math.max(upper, value);
    }
}
