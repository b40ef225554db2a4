package com.stockvolume.trainer.export;

import java.util.Arrays;

/** Row-major double rows, grown as they are added: the layout both runtimes take. */
public final class RowBuffer {

    private final int columns;
    private double[] values;
    private int size;

    public RowBuffer(int columns) {
        this.columns = columns;
        this.values = new double[columns * 1024];
    }

    public void add(double... row) {
        if (row.length != columns) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + columns);
        }
        if (size + columns > values.length) {
            values = Arrays.copyOf(values, Math.max(values.length * 2, size + columns));
        }
        System.arraycopy(row, 0, values, size, columns);
        size += columns;
    }

    /** {@code base} with column {@code column} set to {@code value}. */
    void addVarying(double[] base, int column, double value) {
        double[] row = base.clone();
        row[column] = value;
        add(row);
    }

    public int rows() {
        return size / columns;
    }

    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
