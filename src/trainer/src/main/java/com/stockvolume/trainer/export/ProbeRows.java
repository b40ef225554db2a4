package com.stockvolume.trainer.export;

import com.stockvolume.trainer.lightgbm.LightGbmModel;
import com.stockvolume.trainer.lightgbm.LightGbmTree;
import java.util.Arrays;
import java.util.List;

/**
 * Rows that test an export where it can go wrong: every split threshold exactly, one ulp below and
 * above it, NaN, zero, negative values, and a grid over each feature's training range.
 */
final class ProbeRows {

    private static final int GRID = 25;

    private ProbeRows() {
    }

    static double[] of(LightGbmModel model) {
        int columns = model.featureCount();
        double[] mid = new double[columns];
        List<double[]> ranges = model.featureRanges();
        for (int f = 0; f < columns; f++) {
            double[] range = ranges.get(f);
            mid[f] = range == null ? 0.0 : range[0] + (range[1] - range[0]) / 2;
        }
        RowBuffer rows = new RowBuffer(columns);
        for (LightGbmTree tree : model.trees()) {
            for (int n = 0; n < tree.internalNodes(); n++) {
                int f = tree.splitFeature()[n];
                double t = tree.threshold()[n];
                for (double v : new double[]{t, Math.nextDown(t), Math.nextUp(t)}) {
                    rows.addVarying(mid, f, v);
                }
            }
        }
        for (int f = 0; f < columns; f++) {
            for (double v : new double[]{Double.NaN, 0.0, -0.0, -1.0, -1e12, 1e-36, -1e-36, 1e18}) {
                rows.addVarying(mid, f, v);
            }
        }
        double[] allNaN = new double[columns];
        Arrays.fill(allNaN, Double.NaN);
        rows.add(allNaN);
        addGrid(rows, ranges, columns, mid);
        return rows.toArray();
    }

    /** A GRID x GRID grid over the first two features' ranges (or a line for one feature). */
    private static void addGrid(RowBuffer rows, List<double[]> ranges, int columns, double[] mid) {
        int a = 0;
        int b = Math.min(1, columns - 1);
        double[] ra = ranges.get(a) == null ? new double[]{0, 1} : ranges.get(a);
        double[] rb = ranges.get(b) == null ? new double[]{0, 1} : ranges.get(b);
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double[] row = mid.clone();
                row[a] = ra[0] + (ra[1] - ra[0]) * i / (GRID - 1);
                if (b != a) {
                    row[b] = rb[0] + (rb[1] - rb[0]) * j / (GRID - 1);
                }
                rows.add(row);
            }
        }
    }
}
