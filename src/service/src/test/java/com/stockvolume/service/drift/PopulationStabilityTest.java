package com.stockvolume.service.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ReferenceBins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The population stability index of a sample against reference deciles. */
class PopulationStabilityTest {

    /** Volumes are roughly log-normal: a draw of e^(15 + 1.2 z). */
    private static double[] draws(Random random, int n, double scale) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = scale * Math.exp(15 + 1.2 * random.nextGaussian());
        }
        return values;
    }

    private static List<Double> deciles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<Double> deciles = new ArrayList<>();
        for (int q = 1; q <= 9; q++) {
            deciles.add(sorted[(int) Math.ceil(q / 10.0 * sorted.length) - 1]);
        }
        return deciles;
    }

    @Test
    void inputsDrawnLikeTheTrainingDataStayBelowPointOne() {
        Random random = new Random(26);
        List<Double> reference = deciles(draws(random, 50_000, 1));
        for (int trial = 0; trial < 20; trial++) {
            double psi = PopulationStability.index(reference, null, draws(random, 4096, 1), 4096);
            assertTrue(psi < 0.1, "stable: " + psi);
        }
    }

    @Test
    void shiftedInputsRiseAbovePointTwoFive() {
        Random random = new Random(27);
        List<Double> reference = deciles(draws(random, 50_000, 1));
        assertTrue(PopulationStability.index(reference, null, draws(random, 4096, 2), 4096) > 0.25, "volumes doubled");
        assertTrue(PopulationStability.index(reference, null, draws(random, 4096, 0.5), 4096) > 0.25, "volumes halved");
    }

    @Test
    void aSampleExactlyInTheReferencesBinsScoresZero() {
        List<Double> reference = List.of(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0);
        double[] oneInEachBin = {0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5};
        assertEquals(0.0, PopulationStability.index(reference, null, oneInEachBin, oneInEachBin.length), 1e-12);
        assertTrue(Double.isNaN(PopulationStability.index(reference, null, new double[]{Double.NaN}, 1)), "no values: NaN");
    }

    /** A feature of few values (a calendar flag: 1 on 2% of days) ties its deciles; the card's shares keep it stable. */
    @Test
    void aFlagLikeTrainingStaysStableAgainstItsSharesAndShiftsWhenItsRateDoes() {
        Random random = new Random(28);
        double[] training = flags(random, 50_000, 0.02);
        List<Double> deciles = deciles(training); // nine zeros
        List<Double> shares = ReferenceBins.shares(deciles.stream().mapToDouble(Double::doubleValue).toArray(), training);
        assertEquals(0.98, shares.get(0), 0.005);
        assertEquals(0.02, shares.get(9), 0.005);
        for (int trial = 0; trial < 20; trial++) {
            double psi = PopulationStability.index(deciles, shares, flags(random, 4096, 0.02), 4096);
            assertTrue(psi < 0.1, "stable: " + psi);
        }
        assertTrue(PopulationStability.index(deciles, shares, flags(random, 4096, 0.2), 4096) > 0.25, "ten times the rate");
        // a tenth per bin, as a card without shares reads, would call the like-training sample shifted
        assertTrue(PopulationStability.index(deciles, null, flags(random, 4096, 0.02), 4096) > 0.25);
    }

    private static double[] flags(Random random, int n, double rate) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() < rate ? 1 : 0;
        }
        return values;
    }
}
