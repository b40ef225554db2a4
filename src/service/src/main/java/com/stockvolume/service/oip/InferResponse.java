package com.stockvolume.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
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
}
