package com.stockvolume.service.drift;

import java.util.Arrays;
import java.util.List;

/**
 * The population stability index of a sample against a feature's reference deciles: the ten bins the
 * nine cut points make each held a tenth of the training rows; PSI = sum over bins of
 * (actual - expected) ln(actual / expected). Below 0.1 is read as stable, above 0.25 as a shift. Pure.
 */
public final class PopulationStability {

    /** An empty bin counts as this share, so that its log stays finite (the usual smoothing). */
    static final double FLOOR = 1e-4;

    private PopulationStability() {
    }

    /**
     * @param deciles the reference's nine cut points, ascending
     * @param sample the recent values, any order; NaN left out
     * @return the index, or NaN for an empty sample
     */
    public static double index(List<Double> deciles, double[] sample, int size) {
        double[] cuts = deciles.stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = new long[cuts.length + 1];
        long n = 0;
        for (int i = 0; i < size; i++) {
            double v = sample[i];
            if (Double.isNaN(v)) {
                continue;
            }
            // the bin of v: values equal to a cut point fall below it, as the reference's nearest rank put them
            int bin = Arrays.binarySearch(cuts, v);
            counts[bin >= 0 ? firstEqual(cuts, bin) : -bin - 1]++;
            n++;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double expected = 1.0 / counts.length;
        double psi = 0;
        for (long count : counts) {
            double actual = Math.max(FLOOR, (double) count / n);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }

    private static int firstEqual(double[] cuts, int at) {
        while (at > 0 && cuts[at - 1] == cuts[at]) {
            at--;
        }
        return at;
    }
}
