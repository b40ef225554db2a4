package com.stockvolume.features;

import java.util.HashSet;
import java.util.List;

/**
 * A model version's input columns: names its kind computes, in the version's order (its card's), and
 * where each sits in the kind's rows. A kind's rows hold every column it computes; a version may take
 * some of them, so a later version can add inputs while an earlier one keeps serving.
 */
public final class InputColumns {

    private final ModelKind kind;
    private final List<String> names;
    private final int[] positions;
    private final boolean all;

    private InputColumns(ModelKind kind, List<String> names, int[] positions) {
        this.kind = kind;
        this.names = names;
        this.positions = positions;
        boolean same = positions.length == kind.featureNames().size();
        for (int i = 0; same && i < positions.length; i++) {
            same = positions[i] == i;
        }
        this.all = same;
    }

    /**
     * @throws IllegalArgumentException naming the problem, unless {@code names} are distinct columns of
     *     {@code kind} that include every one it requires
     */
    public static InputColumns of(ModelKind kind, List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.id() + " model takes at least one input column");
        }
        if (new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("input columns " + names + " name a column twice");
        }
        List<String> missing = kind.requiredInputs().stream().filter(n -> !names.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("a " + kind.id() + " model must take " + missing + "; its input columns are "
                    + names);
        }
        int[] positions = new int[names.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = kind.featureNames().indexOf(names.get(i));
            if (positions[i] < 0) {
                throw new IllegalArgumentException("'" + names.get(i) + "' is not a column of a " + kind.id()
                        + " model; its columns are " + kind.featureNames());
            }
        }
        return new InputColumns(kind, List.copyOf(names), positions);
    }

    /** Every column of {@code kind}, in its own order. */
    public static InputColumns all(ModelKind kind) {
        return of(kind, kind.featureNames());
    }

    public ModelKind kind() {
        return kind;
    }

    /** Column names, in the model's order. */
    public List<String> names() {
        return names;
    }

    /** Values in one model input row. */
    public int count() {
        return positions.length;
    }

    /** Copies the model's columns of a kind's row into {@code to} from {@code offset}. */
    public void copy(double[] kindRow, double[] to, int offset) {
        if (all) {
            System.arraycopy(kindRow, 0, to, offset, positions.length);
            return;
        }
        for (int i = 0; i < positions.length; i++) {
            to[offset + i] = kindRow[positions[i]];
        }
    }

    /** The model's columns of a kind's row. */
    public double[] of(double[] kindRow) {
        double[] row = new double[positions.length];
        copy(kindRow, row, 0);
        return row;
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
