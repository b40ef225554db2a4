package com.stockvolume.trainer.export;

import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.UnsupportedModelException;

/**
 * What the trees predict and how the graph turns that into the model's output, Volume. The
 * post-processing lives in the ONNX graph, so the service stays one ONNX Runtime call whatever
 * the form; {@link #output} is its definition in Java, which the parity check holds the graph to.
 */
public enum Target {

    /** The trees predict Volume itself (version 1, and any plain LightGBM regression). */
    VOLUME("Volume"),

    /**
     * The trees predict Volume / vol_moving_avg and the graph multiplies by the vol_moving_avg
     * input, flooring the product at 0. Volume is heavy-tailed (up to ~7e9) while the ratio is near 1 for every symbol, so
     * trees of the ratio serve small and huge symbols alike (model/README.md has the comparison).
     */
    RATIO("Volume / " + WindowFeatures.VOL_MOVING_AVG);

    private final String label;

    Target(String label) {
        this.label = label;
    }

    /** What the trees are trained on, e.g. "Volume / vol_moving_avg". */
    public String label() {
        return label;
    }

    /**
     * The label of a row, or NaN where it is undefined (a ratio with vol_moving_avg 0): such rows
     * cannot train a ratio model, and need none: the graph answers 0 x anything = 0 for them,
     * which is right, because a window mean of 0 means every volume in it, the day's too, was 0.
     */
    public double label(double volume, double volMovingAvg) {
        return switch (this) {
            case VOLUME -> volume;
            case RATIO -> volMovingAvg > 0 ? volume / volMovingAvg : Double.NaN;
        };
    }

    /** The column the graph multiplies the trees' sum by, or -1 for none. */
    public int scaleColumn(LightGbmModel model) throws UnsupportedModelException {
        if (this == VOLUME) {
            return -1;
        }
        int column = model.featureNames().indexOf(WindowFeatures.VOL_MOVING_AVG);
        if (column < 0) {
            throw new UnsupportedModelException("the ratio form multiplies by the input "
                    + WindowFeatures.VOL_MOVING_AVG + ", which the model's features " + model.featureNames() + " lack");
        }
        return column;
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
}
