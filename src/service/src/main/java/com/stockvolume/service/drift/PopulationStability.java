package com.stockvolume.service.drift;

import com.stockvolume.card.ReferenceBins;
import java.util.List;

/**
 * The population stability index of a sample against a feature's reference deciles: the ten bins the
 * nine cut points make held a tenth of the training rows each (their card's shares, where deciles tie); PSI = sum over bins of
 * (actual - expected) ln(actual / expected). Below 0.1 is read as stable, above 0.25 as a shift. Pure.
 */
public final class PopulationStability {

    /** An empty bin counts as this share, so that its log stays finite (the usual smoothing). */
    static final double FLOOR = 1e-4;

    private PopulationStability() {
    }

    /**
     * @param deciles the reference's nine cut points, ascending
     * @param shares the reference's share in each bin ({@link ReferenceBins#shares}), or null for a tenth each
     * @param sample the recent values, any order; NaN left out
     * @return the index, or NaN for an empty sample
     */
    public static double index(List<Double> deciles, List<Double> shares, double[] sample, int size) {
        double[] cuts = deciles.stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = new long[cuts.length + 1];
        long n = 0;
        for (int i = 0; i < size; i++) {
            double v = sample[i];
            if (Double.isNaN(v)) {
                continue;
            }
            counts[ReferenceBins.of(cuts, v)]++;
            n++;
        }
        if (n == 0) {
            return Double.NaN;
        }
        double psi = 0;
        for (int b = 0; b < counts.length; b++) {
            double reference = shares == null ? 1.0 / counts.length : shares.get(b);
            if (reference == 0 && counts[b] == 0) {
                continue; // a bin between tied deciles, empty in both
            }
            double expected = Math.max(FLOOR, reference);
            double actual = Math.max(FLOOR, (double) counts[b] / n);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }
}
