package com.stockvolume.service.oip;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.service.failure.Failure;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Triton's binary tensor data extension over REST: a body is a JSON header of
 * {@code Inference-Header-Content-Length} bytes, then each binary tensor's bytes, little-endian, in
 * the order of the tensors in the JSON. Pure: Jackson only.
 */
public final class BinaryTensorData {

    public static final String HEADER = "Inference-Header-Content-Length";
    public static final String EXTENSION = "binary_tensor_data";
    /** On a requested output: return it as binary data. */
    static final String BINARY_DATA = "binary_data";
    /** On the request: return every output as binary data unless the output says otherwise. */
    static final String BINARY_DATA_OUTPUT = "binary_data_output";

    /** A request body split into its JSON header and the binary data after it. */
    public record Body(InferRequest request, ByteBuffer binary) {
    }

    private BinaryTensorData() {
    }

    /**
     * @param headerLength the {@value #HEADER} header, or null: then the whole body is the JSON
     */
    public static Body read(byte[] body, String headerLength, ObjectMapper json) throws IOException {
        int length = body.length;
        if (headerLength != null) {
            try {
                length = Integer.parseInt(headerLength.trim());
            } catch (NumberFormatException e) {
                length = -1;
            }
            if (length < 1 || length > body.length) {
                throw new InferenceProtocolException(Failure.INVALID_REQUEST,
                        HEADER + " is '" + headerLength + "'; it must be the length"
                                + " in bytes of the JSON at the start of the body, between 1 and the body's " + body.length);
            }
        }
        if (length == 0) {
            throw new InferenceProtocolException(Failure.INVALID_REQUEST, "the body is empty; send an inference request");
        }
        InferRequest request = json.readValue(body, 0, length, InferRequest.class);
        return new Body(request, ByteBuffer.wrap(body, length, body.length - length));
    }

    /** Whether the output is to be sent as binary data: its own {@code binary_data}, else the request's {@code binary_data_output}. */
    public static boolean binaryOutput(InferRequest request, String output) {
        if (request.outputs() != null) {
            for (InferRequest.RequestedOutput requested : request.outputs()) {
                if (requested != null && output.equals(requested.name()) && requested.parameters() != null
                        && requested.parameters().get(BINARY_DATA) != null) {
                    return flag(requested.parameters().get(BINARY_DATA), "output '" + output + "' parameter " + BINARY_DATA);
                }
            }
        }
        Object all = request.parameters() == null ? null : request.parameters().get(BINARY_DATA_OUTPUT);
        return all != null && flag(all, "parameter " + BINARY_DATA_OUTPUT);
    }

    /**
     * The response body: its JSON, where each binary output names its size, then those outputs' values as
     * FP64 little-endian, in the order the JSON lists them.
     */
    public static byte[] write(InferResponse response, ObjectMapper json, List<double[]> binary) {
        byte[] header;
        try {
            header = json.writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response that Jackson cannot write", e);
        }
        byte[] body = Arrays.copyOf(header, header.length + valueCount(binary) * Double.BYTES);
        int at = header.length;
        for (double[] values : binary) {
            byte[] data = TensorRows.toBytes(values);
            System.arraycopy(data, 0, body, at, data.length);
            at += data.length;
        }
        return body;
    }

    /** The output as the JSON header announces it: shape, datatype and size, no data. */
    public static InferResponse.Output announced(String name, List<Long> shape, double[] values) {
        return new InferResponse.Output(name, shape, "FP64",
                Map.of(TensorRows.BINARY_DATA_SIZE, (long) values.length * Double.BYTES), null);
    }

    /** The length of the JSON at the start of {@link #write}'s body. */
    public static int headerLength(byte[] body, List<double[]> binary) {
        return body.length - valueCount(binary) * Double.BYTES;
    }

    private static int valueCount(List<double[]> binary) {
        return binary.stream().mapToInt(v -> v.length).sum();
    }

    private static boolean flag(Object value, String what) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InferenceProtocolException(Failure.INVALID_REQUEST, what + " is " + value + "; it must be true or false");
    }
}
