package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.service.prediction.FeatureValueRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A v2 request's input tensor as the model's row-major rows, checked against the model's input:
 * one input of its name, shape [N, columns], FP64 or FP32, N * columns finite values >= 0 (the
 * same rule and row limit as /v1/predictions). Pure: no framework.
 */
public final class TensorRows {

    private static final Set<String> DATATYPES = Set.of("FP64", "FP32");

    private TensorRows() {}

    public static double[] of(InferRequest request, TensorSpec input, TensorSpec output, int maxRows) {
        if (request == null || request.inputs() == null || request.inputs().size() != 1) {
            throw bad("the request must have exactly one input, '" + input.name() + "'");
        }
        InferRequest.Input tensor = request.inputs().get(0);
        if (!input.name().equals(tensor.name())) {
            throw bad("unknown input '" + tensor.name() + "'; the model's input is '" + input.name() + "'");
        }
        if (tensor.datatype() == null || !DATATYPES.contains(tensor.datatype())) {
            throw bad("input '" + input.name() + "' has datatype " + tensor.datatype() + "; FP64 or FP32 is accepted");
        }
        int columns = input.shape().get(1).intValue();
        List<Long> shape = dimensions(tensor.shape(), input.name());
        if (shape.size() != 2 || shape.get(1) != columns || shape.get(0) < 1) {
            throw bad("input '" + input.name() + "' has shape " + shape + "; expected [N, " + columns + "] with N >= 1");
        }
        long rows = shape.get(0);
        if (rows > maxRows) {
            throw bad(rows + " rows in one request; at most " + maxRows + " are accepted (predictions.max-instances)");
        }
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput requested : request.outputs()) {
                if (requested == null || !output.name().equals(requested.name())) {
                    throw bad("unknown output '" + (requested == null ? null : requested.name())
                            + "'; the model's output is '" + output.name() + "'");
                }
            }
        }
        double[] values = new double[(int) rows * columns];
        JsonNode data = tensor.data();
        if (data == null || data.isNull() || !data.isArray()) {
            throw bad("input '" + input.name() + "' has no data array");
        }
        if (data.isEmpty() || data.get(0).isArray()) {
            // nested: exactly N rows of exactly k values each, as the shape says
            if (data.size() != rows) {
                throw bad("input '" + input.name() + "' has " + data.size() + " rows of data; shape " + shape + " needs " + rows);
            }
            for (int row = 0; row < rows; row++) {
                JsonNode row_ = data.get(row);
                if (!row_.isArray() || row_.size() != columns) {
                    throw bad("input '" + input.name() + "' data row " + row + " is not " + columns
                            + " values; nested data must match shape " + shape + " exactly");
                }
                for (int c = 0; c < columns; c++) {
                    values[row * columns + c] = value(row_.get(c), row * columns + c, input.name());
                }
            }
        } else {
            // flat, row-major
            if (data.size() != values.length) {
                throw bad("input '" + input.name() + "' has " + data.size() + " values; shape " + shape + " needs "
                        + values.length);
            }
            for (int i = 0; i < values.length; i++) {
                values[i] = value(data.get(i), i, input.name());
            }
        }
        return values;
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

    private static double value(JsonNode node, int at, String name) {
        if (node == null || !node.isNumber()) {
            throw bad("input '" + name + "' value " + at + " is " + (node == null ? "missing" : node.isArray() ? "a list"
                    : node.isTextual() ? "a string" : node.toString()) + ", not a number");
        }
        double value = node.asDouble();
        if (!FeatureValueRule.valid(value)) {
            throw bad("input '" + name + "' value " + at + " is " + value + "; each value " + FeatureValueRule.RULE);
        }
        return value;
    }

    private static InferenceProtocolException bad(String message) {
        return new InferenceProtocolException(400, message);
    }
}
