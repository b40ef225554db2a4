package com.stockvolume.card;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ten bins a feature's nine reference deciles cut its values into, one definition for the trainer
 * (which counts its training rows into them) and the service (which counts recent inputs, for the
 * population stability index). A value equal to a cut point falls below it, as the nearest rank put it.
 * Pure.
 */
public final class ReferenceBins {

    private ReferenceBins() {
    }

    /** The bin of {@code value}, 0 to {@code cuts.length}. */
    public static int of(double[] cuts, double value) {
        int at = Arrays.binarySearch(cuts, value);
        if (at < 0) {
            return -at - 1;
        }
        while (at > 0 && cuts[at - 1] == cuts[at]) {
            at--;
        }
        return at;
    }

    /**
     * The share of {@code values} in each bin. Tied deciles (a feature of few values, e.g. 0 or 1) leave
     * bins empty and others with more than a tenth, so the service compares inputs with these shares rather
     * than with a tenth each.
     *
     * @return null when no value is a number
     */
    public static List<Double> shares(double[] cuts, double[] values) {
        long[] counts = new long[cuts.length + 1];
        long n = 0;
        for (double value : values) {
            if (!Double.isNaN(value)) {
                counts[of(cuts, value)]++;
                n++;
            }
        }
        if (n == 0) {
            return null;
        }
        List<Double> shares = new ArrayList<>(counts.length);
        for (long count : counts) {
            shares.add((double) count / n);
        }
        return List.copyOf(shares);
    }
}
