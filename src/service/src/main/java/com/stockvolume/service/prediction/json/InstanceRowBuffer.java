package com.stockvolume.service.prediction.json;

import com.stockvolume.features.WindowFeatures;
import com.stockvolume.service.prediction.FeatureValueRule;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The rows of a request's {@code instances} as read ({@link InstanceRowReader}): the features
 * row-major in one array, in the model's column order, and which values or rows were absent.
 * Checked by {@link #errors}, which builds a path only for a row that has an error.
 */
public final class InstanceRowBuffer {

    static final String[] FIELDS = WindowFeatures.FEATURE_NAMES.toArray(new String[0]);
    static final int COLUMNS = FIELDS.length;

    private double[] values = new double[COLUMNS * 64];
    private int rows;
    private BitSet absent; // cells (row * COLUMNS + column) not given or null; allocated on the first
    private BitSet nullRows; // rows that were null rather than an object

    /** The features of every row, row-major; only meaningful once {@link #errors} found none. */
    public double[] values() {
        return values;
    }

    public int size() {
        return rows;
    }

    /** Appends what is wrong, in request order, each prefixed with its path, e.g. {@code instances[3].vol_moving_avg}. */
    public void errors(List<String> errors) {
        if (rows == 0) {
            errors.add("instances: must hold at least one instance");
        }
        for (int row = 0; row < rows; row++) {
            if (nullRows != null && nullRows.get(row)) {
                errors.add(path(row) + ": must be an object with " + FIELDS[0] + " and " + FIELDS[1]);
                continue;
            }
            for (int column = 0; column < COLUMNS; column++) {
                int cell = row * COLUMNS + column;
                if (absent != null && absent.get(cell)) {
                    errors.add(path(row) + "." + FIELDS[column] + ": is required");
                } else if (!FeatureValueRule.valid(values[cell])) {
                    errors.add(path(row) + "." + FIELDS[column] + ": " + FeatureValueRule.RULE);
                }
            }
        }
    }

    private static String path(int row) {
        return "instances[" + row + "]";
    }

    /** Starts a row and returns the index of its first cell, for {@link #set}. */
    int startRow() {
        if (values.length < (rows + 1) * COLUMNS) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        return rows++ * COLUMNS;
    }

    void set(int cell, double value) {
        values[cell] = value;
    }

    /** Ends the row whose cells start at {@code first}; bit c of {@code given} says column c was given. */
    void endRow(int first, int given) {
        for (int column = 0; column < COLUMNS; column++) {
            if ((given & (1 << column)) == 0) {
                if (absent == null) {
                    absent = new BitSet();
                }
                absent.set(first + column);
            }
        }
    }

    /** Ends reading: the array holds exactly the rows read. */
    InstanceRowBuffer trim() {
        if (values.length != rows * COLUMNS) {
            values = Arrays.copyOf(values, rows * COLUMNS);
        }
        return this;
    }

    void addNullRow() {
        int first = startRow();
        if (nullRows == null) {
            nullRows = new BitSet();
        }
        nullRows.set(first / COLUMNS);
    }
}
