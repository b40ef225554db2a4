package com.stockvolume.trainer.export;

import com.microsoft.ml.lightgbm.PredictionType;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.util.Random;

/** Small LightGBM models trained inside the tests, and LightGBM's own predictions. */
public final class LightGbmFixtures {

    private LightGbmFixtures() {
    }

    /**
     * Trains on {@code rows} generated rows: feature 0 in [-5, 5] (a share of it exactly 0.0, and NaN
     * when {@code withNaN}), feature 1 an integer in [0, 20]; the label depends on both.
     */
    static String train(String params, int rows, boolean withNaN, int rounds) throws Exception {
        Random random = new Random(3);
        double[] x = new double[rows * 2];
        float[] y = new float[rows];
        for (int i = 0; i < rows; i++) {
            double a = random.nextInt(10) == 0 ? 0.0 : -5 + 10 * random.nextDouble();
            if (withNaN && random.nextInt(8) == 0) {
                a = Double.NaN;
            }
            double b = random.nextInt(21);
            x[2 * i] = a;
            x[2 * i + 1] = b;
            double signal = Double.isNaN(a) ? 40 : a == 0.0 ? -30 : 3 * a;
            y[i] = (float) (signal + b * b / 4 + random.nextGaussian());
        }
        return trainOn(x, y, params, rounds);
    }

    static String trainOn(double[] x, float[] y, String params, int rounds) throws Exception {
        String all = "verbosity=-1 seed=1 deterministic=true num_threads=1 min_data_in_leaf=5 " + params;
        try (LGBMDataset dataset = LGBMDataset.createFromMat(x, y.length, x.length / y.length, true, all, null)) {
            dataset.setField("label", y);
            try (LGBMBooster booster = LGBMBooster.create(dataset, all)) {
                for (int i = 0; i < rounds; i++) {
                    booster.updateOneIter();
                }
                return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
            }
        }
    }

    public static double[] lightgbmPredict(String modelText, double[] rows, int columns) throws Exception {
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(modelText)) {
            return booster.predictForMat(rows, rows.length / columns, columns, true,
                    PredictionType.C_API_PREDICT_NORMAL);
        }
    }
}
