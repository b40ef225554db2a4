package com.stockvolume.service.drift;

import com.stockvolume.card.ModelCard.FeatureSpec;
import java.util.List;

/** Counts inputs outside each feature's training range, the card's drift signal. */
public final class TrainingRange {

    private TrainingRange() {
    }

    /**
     * @param rows row-major, one column per feature in {@code features}' order
     * @return per feature, how many rows lie below its training minimum or above its maximum
     */
    public static int[] outside(List<FeatureSpec> features, double[] rows) {
        int columns = features.size();
        int[] counts = new int[columns];
        for (int f = 0; f < columns; f++) {
            FeatureSpec spec = features.get(f);
            double min = spec.trainingMin() == null ? Double.NEGATIVE_INFINITY : spec.trainingMin();
            double max = spec.trainingMax() == null ? Double.POSITIVE_INFINITY : spec.trainingMax();
            for (int i = f; i < rows.length; i += columns) {
                if (rows[i] < min || rows[i] > max) {
                    counts[f]++;
                }
            }
        }
        return counts;
    }
}
