package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An Open Inference Protocol (v2) inference request, as its REST spec writes it. */
public record InferRequest(
        @Schema(description = "Returned in the response") String id,
        @Schema(description = "binary_data_output: true returns every output as binary tensor data") Map<String, Object> parameters,
        @Schema(required = true) List<Input> inputs,
        @Schema(description = "Omitted: every output of the model") List<RequestedOutput> outputs) {

    /**
     * @param shape read as written, so that a dimension that is not a whole number is refused rather than rounded
     * @param data row-major, flat or nested as the shape says
     */
    public record Input(
            @Schema(required = true, example = "features") String name,
            @Schema(required = true, ref = "TensorShape") JsonNode shape,
            @Schema(required = true, enumeration = {"FP64", "FP32"}) String datatype,
            @Schema(description = "binary_data_size: the bytes of this input's binary tensor data after the JSON")
            Map<String, Object> parameters,
            @Schema(ref = "TensorData") JsonNode data) {}

    public record RequestedOutput(
            @Schema(required = true, example = "volume") String name,
            @Schema(description = "binary_data: true returns this output as binary tensor data") Map<String, Object> parameters) {}
}
