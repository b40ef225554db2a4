package com.stockvolume.trainer;

import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.util.List;
import java.util.Map;

/**
 * One LightGBM training run through lightgbm4j: row-major features, labels and (optionally) row
 * weights in, the text model out.
 */
final class LightGbmTraining {

    private LightGbmTraining() {
    }

    static String train(double[] x, float[] labels, float[] weights, List<String> featureNames,
            Map<String, String> parameters, Progress progress) throws Exception {
        StringBuilder params = new StringBuilder("verbosity=-1");
        parameters.forEach((k, v) -> params.append(' ').append(k).append('=').append(v));
        int rounds = Integer.parseInt(parameters.get("num_iterations"));
        try (LGBMDataset dataset = LGBMDataset.createFromMat(x, labels.length, featureNames.size(), true,
                params.toString(), null)) {
            dataset.setField("label", labels);
            if (weights != null) {
                dataset.setField("weight", weights);
            }
            dataset.setFeatureNames(featureNames.toArray(new String[0]));
            try (LGBMBooster booster = LGBMBooster.create(dataset, params.toString())) {
                for (int round = 1; round <= rounds; round++) {
                    booster.updateOneIter();
                    if (round % 50 == 0 || round == rounds) {
                        progress.log("boosting round %d/%d", round, rounds);
                    }
                }
                return booster.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
            }
        }
    }
}
