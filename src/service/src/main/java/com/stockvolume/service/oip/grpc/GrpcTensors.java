package com.stockvolume.service.oip.grpc;

import com.google.protobuf.ByteString;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.oip.InferParameters;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.oip.TensorRows;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.oip.grpc.proto.ModelInferResponse;
import java.util.List;

/**
 * A gRPC ModelInferRequest's input as the model's rows, by the same checks as REST (TensorRows),
 * and the model's answer as a ModelInferResponse. Pure: protobuf classes only.
 */
public final class GrpcTensors {

    private GrpcTensors() {
    }

    /** The rows, from typed contents (fp64_contents, fp32_contents) or from raw_input_contents. */
    public static double[] rows(ModelInferRequest request, TensorSpec input, List<TensorSpec> outputs, int maxRows) {
        if (request.getInputsCount() != 1) {
            throw bad("the request must have exactly one input, '" + input.name() + "'");
        }
        ModelInferRequest.InferInputTensor tensor = request.getInputs(0);
        InferParameters.requireSupportedOnRequest(request.getParametersMap().keySet());
        InferParameters.requireSupportedOnInput(tensor.getName(), tensor.getParametersMap().keySet());
        for (ModelInferRequest.InferRequestedOutputTensor requested : request.getOutputsList()) {
            InferParameters.requireSupportedOnOutput(requested.getName(), requested.getParametersMap().keySet());
        }
        int rows = TensorRows.rows(tensor.getName(), tensor.getDatatype(), tensor.getShapeList(), input, maxRows);
        for (ModelInferRequest.InferRequestedOutputTensor requested : request.getOutputsList()) {
            TensorRows.requireOutput(requested.getName(), outputs);
        }
        int count = rows * input.shape().get(1).intValue();
        if (request.getRawInputContentsCount() > 0) {
            if (request.getRawInputContentsCount() != 1) {
                throw bad("raw_input_contents has " + request.getRawInputContentsCount() + " entries; one per input is needed");
            }
            if (tensor.hasContents()) {
                throw bad("input '" + input.name() + "' has both contents and raw_input_contents; send one");
            }
            return TensorRows.fromBytes(request.getRawInputContents(0).asReadOnlyByteBuffer(), tensor.getDatatype(), count,
                    input.name());
        }
        return typed(tensor.getContents(), tensor.getDatatype(), count, input.name());
    }

    /**
     * The outputs the request names (all when it names none), raw when the request sent raw input (as
     * Triton and KServe answer), fp64_contents otherwise.
     */
    public static ModelInferResponse response(ModelInferRequest request, String modelName, String modelVersion,
            List<TensorSpec> outputs, double[][] values) {
        ModelInferResponse.Builder response = ModelInferResponse.newBuilder()
                .setModelName(modelName).setModelVersion(modelVersion).setId(request.getId());
        List<String> requested = request.getOutputsList().stream()
                .map(ModelInferRequest.InferRequestedOutputTensor::getName).toList();
        for (int k : TensorRows.answered(requested, outputs)) {
            double[] column = values[k];
            ModelInferResponse.InferOutputTensor.Builder tensor = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(outputs.get(k).name()).setDatatype("FP64").addShape(column.length).addShape(1);
            if (request.getRawInputContentsCount() > 0) {
                response.addRawOutputContents(ByteString.copyFrom(TensorRows.toBytes(column)));
            } else {
                InferTensorContents.Builder contents = InferTensorContents.newBuilder();
                for (double value : column) {
                    contents.addFp64Contents(value);
                }
                tensor.setContents(contents);
            }
            response.addOutputs(tensor);
        }
        return response.build();
    }

    private static double[] typed(InferTensorContents contents, String datatype, int count, String name) {
        boolean fp32 = "FP32".equals(datatype);
        int given = fp32 ? contents.getFp32ContentsCount() : contents.getFp64ContentsCount();
        int other = contents.getBoolContentsCount() + contents.getIntContentsCount() + contents.getInt64ContentsCount()
                + contents.getUintContentsCount() + contents.getUint64ContentsCount() + contents.getBytesContentsCount()
                + (fp32 ? contents.getFp64ContentsCount() : contents.getFp32ContentsCount());
        String field = fp32 ? "fp32_contents" : "fp64_contents";
        if (other > 0) {
            throw bad("input '" + name + "' is " + datatype + "; its values go in contents." + field + " only");
        }
        if (given != count) {
            throw bad("input '" + name + "' has " + given + " values in contents." + field + "; its shape needs " + count
                    + " (or send them in raw_input_contents)");
        }
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            values[i] = TensorRows.checked(fp32 ? contents.getFp32Contents(i) : contents.getFp64Contents(i), i, name);
        }
        return values;
    }

    private static InferenceProtocolException bad(String message) {
        return new InferenceProtocolException(Failure.INVALID_REQUEST, message);
    }
}
