package com.stockvolume.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** An Open Inference Protocol (v2) inference response. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InferResponse(
        @JsonProperty("model_name") String modelName,
        @JsonProperty("model_version") String modelVersion,
        String id,
        List<Output> outputs) {

    public record Output(String name, List<Long> shape, String datatype, double[] data) {}
}
