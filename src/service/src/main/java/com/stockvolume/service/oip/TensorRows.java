package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.prediction.FeatureValueRule;
import com.stockvolume.service.prediction.TooManyRowsException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A v2 request's input tensor as the model's row-major rows, checked against the model's input:
 * one input of its name, shape [N, columns], FP64 or FP32, N * columns finite values >= 0 (the
 * same rule and row limit as /v1/predictions). The values come as JSON (flat or nested), as
 * binary tensor data (Triton's extension over REST) or as gRPC contents; the checks are the same
 * for all three. Pure: no framework.
 */
public final class TensorRows {

    /** Triton's binary tensor data extension: the parameter that says an input's data is binary. */
    public static final String BINARY_DATA_SIZE = "binary_data_size";

    private static final Set<String> DATATYPES = Set.of("FP64", "FP32");

    private TensorRows() {
    }

    /**
     * @param binary the bytes after the JSON header (binary tensor data extension), or null when the
     *     request was plain JSON
     */
    public static double[] of(InferRequest request, ByteBuffer binary, TensorSpec input, List<TensorSpec> outputs,
            int maxRows) {
        if (request == null || request.inputs() == null || request.inputs().size() != 1 || request.inputs().get(0) == null) {
            throw bad("the request must have exactly one input, '" + input.name() + "'");
        }
        InferRequest.Input tensor = request.inputs().get(0);
        int rows = rows(tensor.name(), tensor.datatype(), dimensions(tensor.shape(), input.name()), input, maxRows);
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput requested : request.outputs()) {
                requireOutput(requested == null ? null : requested.name(), outputs);
            }
        }
        int count = rows * columns(input);
        Long binarySize = binaryDataSize(tensor.parameters(), input.name());
        if (binarySize != null) {
            if (binary == null) {
                throw bad("input '" + input.name() + "' has " + BINARY_DATA_SIZE + " but the request has no binary data:"
                        + " send the JSON and then the data as application/octet-stream, with the JSON's length in"
                        + " the Inference-Header-Content-Length header");
            }
            if (tensor.data() != null) {
                throw bad("input '" + input.name() + "' has both data and " + BINARY_DATA_SIZE + "; send one");
            }
            if (binarySize != binary.remaining()) {
                throw bad("input '" + input.name() + "' has " + BINARY_DATA_SIZE + " " + binarySize + " but "
                        + binary.remaining() + " bytes follow the JSON header");
            }
            return fromBytes(binary, tensor.datatype(), count, input.name());
        }
        if (binary != null && binary.hasRemaining()) {
            throw bad(binary.remaining() + " bytes follow the JSON header, but no input has " + BINARY_DATA_SIZE);
        }
        return fromJson(tensor.data(), "FP32".equals(tensor.datatype()), rows, columns(input), input.name());
    }

    /**
     * The rows a request's input declares (its shape's first dimension) for admission before it is decoded:
     * between 1 and {@code maxRows}, whatever it says (decoding then checks it).
     */
    public static int declaredRows(List<Long> shape, int maxRows) {
        Long rows = shape == null || shape.isEmpty() ? null : shape.get(0);
        return rows == null ? 1 : (int) Math.max(1, Math.min(rows, maxRows));
    }

    /** As {@link #declaredRows(List, int)}, for a JSON request's single input. */
    public static int declaredRows(InferRequest request, int maxRows) {
        boolean one = request != null && request.inputs() != null && request.inputs().size() == 1
                && request.inputs().get(0) != null;
        JsonNode shape = one ? request.inputs().get(0).shape() : null;
        boolean declared = shape != null && shape.isArray() && shape.size() > 0 && shape.get(0).canConvertToLong();
        return declaredRows(declared ? List.of(shape.get(0).asLong()) : null, maxRows);
    }

    /**
     * The number of rows, once the input's name, datatype and shape are those of the model's input
     * and the rows are within the limit.
     */
    public static int rows(String name, String datatype, List<Long> shape, TensorSpec input, int maxRows) {
        if (!input.name().equals(name)) {
            throw bad("unknown input '" + name + "'; the model's input is '" + input.name() + "'");
        }
        if (datatype == null || !DATATYPES.contains(datatype)) {
            throw bad("input '" + input.name() + "' has datatype " + datatype + "; FP64 or FP32 is accepted");
        }
        int columns = columns(input);
        if (shape.size() != 2 || shape.get(1) != columns || shape.get(0) < 1) {
            throw bad("input '" + input.name() + "' has shape " + shape + "; expected [N, " + columns + "] with N >= 1");
        }
        long rows = shape.get(0);
        if (rows > maxRows) {
            throw new TooManyRowsException(rows, maxRows);
        }
        return (int) rows;
    }

    /** An output the request asks for must be one of the model's. */
    public static void requireOutput(String name, List<TensorSpec> outputs) {
        if (outputs.stream().noneMatch(o -> o.name().equals(name))) {
            throw bad("unknown output '" + name + "'; the model's " + (outputs.size() == 1
                    ? "output is '" + outputs.get(0).name() + "'"
                    : "outputs are " + outputs.stream().map(o -> "'" + o.name() + "'").collect(Collectors.joining(", "))));
        }
    }

    /**
     * Which of the model's outputs to answer, by index: those the request names (checked by
     * {@link #requireOutput}), in its order and once each, or all when it names none.
     */
    public static int[] answered(List<String> requested, List<TensorSpec> outputs) {
        List<String> names = outputs.stream().map(TensorSpec::name).toList();
        if (requested == null || requested.isEmpty()) {
            return IntStream.range(0, names.size()).toArray();
        }
        return requested.stream().distinct().mapToInt(names::indexOf).toArray();
    }

    /** {@code count} values, little-endian, 8 bytes each (FP64) or 4 (FP32), as both Triton's extension and gRPC's raw contents lay them out. */
    public static double[] fromBytes(ByteBuffer bytes, String datatype, int count, String name) {
        int width = "FP32".equals(datatype) ? Float.BYTES : Double.BYTES;
        long expected = (long) count * width;
        if (bytes.remaining() != expected) {
            throw bad("input '" + name + "' has " + bytes.remaining() + " bytes of " + datatype + " data; its shape needs "
                    + expected + " (" + count + " values of " + width + " bytes)");
        }
        ByteBuffer little = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = checked(width == Float.BYTES ? little.getFloat() : little.getDouble(), i, name);
        }
        return values;
    }

    /** The values as {@link #fromBytes} reads them: FP64, little-endian, unpadded (a binary output, gRPC's raw contents). */
    public static byte[] toBytes(double[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : values) {
            bytes.putDouble(value);
        }
        return bytes.array();
    }

    /** A value the model may see, or a 400 naming its position. */
    public static double checked(double value, int at, String name) {
        if (!FeatureValueRule.valid(value)) {
            throw bad("input '" + name + "' value " + at + " is " + value + "; each value " + FeatureValueRule.RULE);
        }
        return value;
    }

    /**
     * The data's values once its layout matches the shape and each is a number the model may see, checked in
     * row-major order so that the first problem is named. FP32 values are rounded to float, as a client's float32
     * tensor holds them, so that JSON and binary FP32 agree.
     */
    private static double[] fromJson(TensorValues data, boolean fp32, int rows, int columns, String name) {
        if (data == null || !data.array) {
            throw bad("input '" + name + "' has no data array");
        }
        String shape = "[" + rows + ", " + columns + "]";
        if (data.nested) {
            // exactly N rows of exactly k values each, as the shape says
            if (data.size != rows) {
                throw bad("input '" + name + "' has " + data.size + " rows of data; shape " + shape + " needs " + rows);
            }
            for (int row = 0; row < rows; row++) {
                if (data.rowLengths[row] != columns) {
                    throw bad("input '" + name + "' data row " + row + " is not " + columns
                            + " values; nested data must match shape " + shape + " exactly");
                }
                checkValues(data, fp32, row * columns, (row + 1) * columns, name);
            }
        } else {
            if (data.size != rows * columns) {
                throw bad("input '" + name + "' has " + data.size + " values; shape " + shape + " needs " + rows * columns);
            }
            checkValues(data, fp32, 0, data.size, name);
        }
        return data.values;
    }

    /** Values [from, to) in place: each a number (else a 400 saying what it is), rounded for FP32, then {@link #checked}. */
    private static void checkValues(TensorValues data, boolean fp32, int from, int to, String name) {
        double[] values = data.values;
        for (int at = from; at < to; at++) {
            if (at == data.firstNonNumberAt) {
                throw bad("input '" + name + "' value " + at + " is " + data.firstNonNumber + ", not a number");
            }
            values[at] = checked(fp32 ? (float) values[at] : values[at], at, name);
        }
    }

    private static int columns(TensorSpec input) {
        return input.shape().get(1).intValue();
    }

    /** The shape as whole numbers >= 0; anything else (2.5, "2", -1, null) is a 400. */
    private static List<Long> dimensions(JsonNode shape, String name) {
        if (shape == null || !shape.isArray()) {
            throw bad("input '" + name + "' has no shape; expected a list of whole numbers such as [N, k]");
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode dim : shape) {
            if (!dim.isIntegralNumber() || !dim.canConvertToLong() || dim.asLong() < 0) {
                throw bad("input '" + name + "' has shape " + shape + "; each dimension must be a whole number >= 0");
            }
            dims.add(dim.asLong());
        }
        return dims;
    }

    private static Long binaryDataSize(Map<String, Object> parameters, String name) {
        Object size = parameters == null ? null : parameters.get(BINARY_DATA_SIZE);
        if (size == null) {
            return null;
        }
        if (!(size instanceof Integer || size instanceof Long) || ((Number) size).longValue() < 0) {
            throw bad(
                    "input '" + name + "' has " + BINARY_DATA_SIZE + " " + size + "; it must be a whole number of bytes >= 0");
        }
        return ((Number) size).longValue();
    }

    private static InferenceProtocolException bad(String message) {
        return new InferenceProtocolException(Failure.INVALID_REQUEST, message);
    }
}
