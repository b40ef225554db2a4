package com.stockvolume.service.pipeline;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratio of two versions' mean absolute errors on the same rows, with a 95% interval from a paired bootstrap: rows
 * are drawn with replacement, each keeping both versions' errors, so the interval reflects that the two errors of a row
 * move together (a hard day is hard for both). Percentile interval, a fixed seed: the same rows give the same answer.
 */
public final class PairedBootstrap {

    public static final int RESAMPLES = 2000;

    private PairedBootstrap() {
    }

    /** @param lower the 2.5th percentile of the resampled ratios; {@code upper} the 97.5th */
    public record Interval(double ratio, double lower, double upper) {
    }

    /**
     * @param candidate each row's absolute error of the candidate version
     * @param baseline the same rows' absolute errors of the default version
     * @param rows how many of the arrays' first elements are rows
     * @return null when there are no rows or the baseline's errors sum to 0
     */
    public static Interval ratioOfMeans(double[] candidate, double[] baseline, int rows, long seed) {
        double sumCandidate = 0;
        double sumBaseline = 0;
        for (int i = 0; i < rows; i++) {
            sumCandidate += candidate[i];
            sumBaseline += baseline[i];
        }
        if (rows == 0 || sumBaseline == 0) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] ratios = new double[RESAMPLES];
        int kept = 0;
        for (int r = 0; r < RESAMPLES; r++) {
            double c = 0;
            double b = 0;
            for (int i = 0; i < rows; i++) {
                int row = random.nextInt(rows);
                c += candidate[row];
                b += baseline[row];
            }
            if (b > 0) {
                ratios[kept++] = c / b;
            }
        }
        Arrays.sort(ratios, 0, kept);
        return new Interval(sumCandidate / sumBaseline, ratios[(int) Math.floor(0.025 * (kept - 1))],
                ratios[(int) Math.ceil(0.975 * (kept - 1))]);
    }
}
