package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.service.prediction.FeatureValueRule;
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
        List<Long> shape = tensor.shape();
        if (shape == null || shape.size() != 2 || shape.contains(null) || shape.get(1) != columns || shape.get(0) < 1) {
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
        int filled = flatten(tensor.data(), values, 0, input.name());
        if (filled != values.length) {
            throw bad("input '" + input.name() + "' has " + filled + " values; shape " + shape + " needs " + values.length);
        }
        return values;
    }

    /** Depth-first, so nested [[a, b], [c, d]] and flat [a, b, c, d] give the same row-major order. */
    private static int flatten(JsonNode node, double[] into, int at, String name) {
        if (node == null || node.isNull()) {
            throw bad("input '" + name + "' has no data");
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                at = flatten(element, into, at, name);
            }
            return at;
        }
        if (!node.isNumber()) {
            throw bad("input '" + name + "' value " + at + " is " + node + ", not a number");
        }
        double value = node.asDouble();
        if (!FeatureValueRule.valid(value)) {
            throw bad("input '" + name + "' value " + at + " is " + value + "; each value " + FeatureValueRule.RULE);
        }
        if (at >= into.length) {
            return at + 1; // too many values: counted, reported by the caller
        }
        into[at] = value;
        return at + 1;
    }

    private static InferenceProtocolException bad(String message) {
        return new InferenceProtocolException(400, message);
    }
}
