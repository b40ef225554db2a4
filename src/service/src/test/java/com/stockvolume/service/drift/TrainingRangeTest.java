package com.stockvolume.service.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.stockvolume.card.ModelCard.FeatureSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingRangeTest {

    @Test
    void countsValuesBelowTheMinimumOrAboveTheMaximumPerFeature() {
        List<FeatureSpec> features = List.of(
                new FeatureSpec("a", "", 10.0, 20.0), new FeatureSpec("b", "", 0.0, 1.0));
        double[] rows = {10, 0, 20, 1, 9.99, 0.5, 20.01, 1.01, 15, -0.1};
        assertArrayEquals(new int[]{2, 2}, TrainingRange.outside(features, rows));
    }

    @Test
    void anUnknownRangeCountsNothing() {
        List<FeatureSpec> features = List.of(new FeatureSpec("a", "", null, null), new FeatureSpec("b", "", null, 5.0));
        assertArrayEquals(new int[]{0, 1}, TrainingRange.outside(features, new double[]{1e300, 6}));
    }
}
