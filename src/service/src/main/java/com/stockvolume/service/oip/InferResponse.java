package com.stockvolume.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.stockvolume.card.ModelCard.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An Open Inference Protocol (v2) inference response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        List<Output> outputs) {

    /** {@code data} in the JSON, or null with {@code parameters.binary_data_size} when the values follow as binary data. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Output(String name, List<Long> shape, String datatype, Map<String, Object> parameters, double[] data) {
    }

    /**
     * The answer with every answered output's data inline, as JSON: the form the payload log sends (an answer given as
     * binary tensor data, or over gRPC, included).
     *
     * @param answered the indices in {@code outputs} of the outputs answered ({@link TensorRows#answered})
     */
    public static InferResponse inline(String modelName, String modelVersion, String id, List<TensorSpec> outputs,
            int[] answered, double[][] values) {
        List<Output> inline = new ArrayList<>(answered.length);
        for (int k : answered) {
            inline.add(new Output(outputs.get(k).name(), List.of((long) values[k].length, 1L), "FP64", null, values[k]));
        }
        return new InferResponse(modelName, modelVersion, id == null || id.isEmpty() ? null : id, inline);
    }
}
