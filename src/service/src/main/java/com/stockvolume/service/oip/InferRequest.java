package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An Open Inference Protocol (v2) inference request, as its REST spec writes it. */
public record InferRequest(
        @Schema(nullable = true, description = "Returned in the response") String id,
        @Schema(ref = "InferRequestParameters") Map<String, Object> parameters,
        @Schema(required = true, minItems = 1, maxItems = 1, description = "One input, 'features'") List<Input> inputs,
        @Schema(nullable = true, description = "Omitted (or null): every output of the model") List<RequestedOutput> outputs) {

    /**
     * @param shape read as written, so that a dimension that is not a whole number is refused rather than rounded
     * @param data row-major, flat or nested as the shape says; read without a tree ({@link TensorValues})
     */
    public record Input(
            @Schema(required = true, example = "features") String name,
            @Schema(required = true, ref = "TensorShape") JsonNode shape,
            @Schema(required = true, enumeration = {
                    "FP64", "FP32"}) String datatype,
            @Schema(ref = "InputParameters") Map<String, Object> parameters,
            @Schema(ref = "TensorData") @JsonDeserialize(using = TensorValues.Reader.class) TensorValues data){
    }

    public record RequestedOutput(
            @Schema(required = true, example = "volume") String name,
            @Schema(ref = "OutputParameters") Map<String, Object> parameters) {
    }
}
