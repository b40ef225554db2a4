package com.stockvolume.service.oip;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.Arrays;

/**
 * A v2 JSON input's {@code data} as {@link Reader} read it: its numbers straight into one
 * {@code double[]} in reading order, with just enough of its layout (flat, or nested one level;
 * each row's length; the first element that is not a number) for {@link TensorRows} to check it
 * against the shape and name the first problem. A tree node per value was most of the cost of
 * reading a 1,000-row request after the numbers themselves.
 */
public final class TensorValues {

    /** What the first element that is not a number was, as an error names it; null when all were numbers. */
    final String firstNonNumber;
    /** Its position in reading order (row-major), or -1. */
    final int firstNonNumberAt;
    /** The numbers in reading order; a position that held something else has 0. */
    final double[] values;
    /** False when data was a JSON scalar or object rather than an array. */
    final boolean array;
    /** True when data is empty or its first element is a list: rows of values. */
    final boolean nested;
    /** Top-level elements: rows when nested, values when flat. */
    final int size;
    /** When nested, each row's number of elements, or -1 for a row that is not a list. */
    final int[] rowLengths;

    private TensorValues(boolean array, boolean nested, int size, int[] rowLengths, double[] values, int firstNonNumberAt,
            String firstNonNumber) {
        this.array = array;
        this.nested = nested;
        this.size = size;
        this.rowLengths = rowLengths;
        this.values = values;
        this.firstNonNumberAt = firstNonNumberAt;
        this.firstNonNumber = firstNonNumber;
    }

    /** Reads {@code data} without a tree; JSON null is Jackson's null value, as for any field. */
    public static final class Reader extends StdDeserializer<TensorValues> {

        public Reader() {
            super(TensorValues.class);
        }

        @Override
        public TensorValues deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.isExpectedStartArrayToken()) {
                p.skipChildren();
                return new TensorValues(false, false, 0, null, new double[0], -1, null);
            }
            Values read = new Values();
            JsonToken first = p.nextToken();
            boolean nested = first == JsonToken.END_ARRAY || first == JsonToken.START_ARRAY;
            int size = 0;
            int[] rowLengths = nested ? new int[16] : null;
            for (JsonToken token = first; token != JsonToken.END_ARRAY; token = p.nextToken(), size++) {
                if (!nested) {
                    read.add(p, ctxt, token);
                    continue;
                }
                if (size == rowLengths.length) {
                    rowLengths = Arrays.copyOf(rowLengths, size * 2);
                }
                if (token != JsonToken.START_ARRAY) {
                    p.skipChildren();
                    rowLengths[size] = -1;
                    continue;
                }
                int length = 0;
                for (JsonToken value = p.nextToken(); value != JsonToken.END_ARRAY; value = p.nextToken(), length++) {
                    read.add(p, ctxt, value);
                }
                rowLengths[size] = length;
            }
            return new TensorValues(true, nested, size, rowLengths, read.trimmed(), read.badAt, read.bad);
        }
    }

    /** The numbers read so far and the first element that was not one. */
    private static final class Values {

        double[] values = new double[256];
        int count;
        int badAt = -1;
        String bad;

        void add(JsonParser p, DeserializationContext ctxt, JsonToken token) throws IOException {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            if (token.isNumeric()) {
                values[count] = p.getDoubleValue();
            } else if (bad == null) {
                badAt = count;
                bad = switch (token) {
                    case START_ARRAY -> "a list";
                    case VALUE_STRING -> "a string";
                    default -> ctxt.readTree(p).toString(); // true, false, null, an object: as written
                };
            }
            if (token.isStructStart()) {
                p.skipChildren(); // a no-op once readTree has read it
            }
            count++;
        }

        double[] trimmed() {
            return Arrays.copyOf(values, count);
        }
    }
}
