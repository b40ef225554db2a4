package com.stockvolume.service.oip;

import com.stockvolume.service.failure.Failure;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The inference parameters this server honours, by where they appear. Any other (Triton's
 * {@code priority}, {@code timeout}, {@code sequence_id}, shared-memory regions, classification, a
 * custom one) is refused with a 400 (gRPC: INVALID_ARGUMENT) that names it, rather than silently
 * ignored: a client that asked for it would otherwise believe it was applied. The same rule for
 * REST and gRPC. Pure: no framework.
 */
public final class InferParameters {

    private static final Set<String> REQUEST = Set.of(BinaryTensorData.BINARY_DATA_OUTPUT);
    private static final Set<String> INPUT = Set.of(TensorRows.BINARY_DATA_SIZE);
    private static final Set<String> OUTPUT = Set.of(BinaryTensorData.BINARY_DATA);

    private InferParameters() {
    }

    /** The request's own parameters. */
    public static void requireSupportedOnRequest(Collection<String> names) {
        require("the request", names, REQUEST);
    }

    /** An input tensor's parameters. */
    public static void requireSupportedOnInput(String input, Collection<String> names) {
        require("input '" + input + "'", names, INPUT);
    }

    /** A requested output's parameters. */
    public static void requireSupportedOnOutput(String output, Collection<String> names) {
        require("output '" + output + "'", names, OUTPUT);
    }

    /** A REST request's parameters at every level (a request without a body is TensorRows' to refuse). */
    public static void requireSupported(InferRequest request) {
        if (request == null) {
            return;
        }
        if (request.parameters() != null) {
            requireSupportedOnRequest(request.parameters().keySet());
        }
        if (request.inputs() != null) {
            for (InferRequest.Input input : request.inputs()) {
                if (input != null && input.parameters() != null) {
                    requireSupportedOnInput(input.name(), input.parameters().keySet());
                }
            }
        }
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput output : request.outputs()) {
                if (output != null && output.parameters() != null) {
                    requireSupportedOnOutput(output.name(), output.parameters().keySet());
                }
            }
        }
    }

    private static void require(String where, Collection<String> names, Set<String> supported) {
        for (String name : new TreeSet<>(names)) {
            if (!supported.contains(name)) {
                throw new InferenceProtocolException(Failure.INVALID_REQUEST,
                        where + " has parameter '" + name + "', which this server does"
                                + " not support" + (name.startsWith("shared_memory")
                                        ? " (no shared memory: send the data in the"
                                                + " request)"
                                        : "")
                                + "; supported there: " + String.join(", ", supported));
            }
        }
    }
}
