package com.stockvolume.service.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The ratio of two versions' MAEs on the same rows, and its paired bootstrap interval. */
class PairedBootstrapTest {

    @Test
    void aCandidateWithHalfTheErrorOnEveryRowHasRatioAndIntervalOneHalf() {
        double[] baseline = {4, 10, 2, 8, 6};
        double[] candidate = {2, 5, 1, 4, 3};
        PairedBootstrap.Interval interval = PairedBootstrap.ratioOfMeans(candidate, baseline, 5, 1);
        assertEquals(0.5, interval.ratio(), 1e-15);
        assertEquals(0.5, interval.lower(), 1e-15); // paired: every resample keeps each row's two errors together
        assertEquals(0.5, interval.upper(), 1e-15);
    }

    @Test
    void theIntervalHoldsTheRatioAndNarrowsWithMoreRows() {
        Random random = new Random(3);
        double[] baseline = new double[4000];
        double[] candidate = new double[4000];
        for (int i = 0; i < baseline.length; i++) {
            double hardness = Math.exp(2 * random.nextGaussian()); // a hard day is hard for both
            baseline[i] = hardness * random.nextDouble();
            candidate[i] = hardness * 0.9 * random.nextDouble();
        }
        PairedBootstrap.Interval few = PairedBootstrap.ratioOfMeans(candidate, baseline, 200, 1);
        PairedBootstrap.Interval many = PairedBootstrap.ratioOfMeans(candidate, baseline, 4000, 1);
        for (PairedBootstrap.Interval interval : new PairedBootstrap.Interval[]{few, many}) {
            assertTrue(interval.lower() <= interval.ratio() && interval.ratio() <= interval.upper(), interval.toString());
        }
        assertTrue(many.upper() - many.lower() < few.upper() - few.lower(), few + " " + many);
        assertEquals(few, PairedBootstrap.ratioOfMeans(candidate, baseline, 200, 1)); // a fixed seed: the same answer
    }

    @Test
    void noRowsOrNoBaselineErrorHasNoRatio() {
        assertNull(PairedBootstrap.ratioOfMeans(new double[0], new double[0], 0, 1));
        assertNull(PairedBootstrap.ratioOfMeans(new double[]{1}, new double[]{0}, 1, 1));
    }

    @Test
    void symbolsSpreadEvenlyOverACanarysSplit() {
        int below = 0;
        for (int s = 0; s < 10_000; s++) {
            if (Rollouts.percentile("SYM" + s) < 10) {
                below++;
            }
        }
        // binomial(10,000, 0.1): 900 to 1,100 is the mean +- 6.7 standard deviations
        assertTrue(below >= 900 && below <= 1100, below + " of 10,000 symbols below 10%");
        assertEquals(Rollouts.percentile("AAPL"), Rollouts.percentile("AAPL"));
    }
}
