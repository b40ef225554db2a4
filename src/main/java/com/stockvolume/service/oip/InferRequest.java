package com.stockvolume.service.oip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** An Open Inference Protocol (v2) inference request, as its REST spec writes it. */
public record InferRequest(String id, Map<String, Object> parameters, List<Input> inputs, List<RequestedOutput> outputs) {

    /**
     * @param shape read as written, so that a dimension that is not a whole number is refused rather than rounded
     * @param data row-major, flat or nested as the shape says
     */
    public record Input(String name, JsonNode shape, String datatype, Map<String, Object> parameters, JsonNode data) {}

    public record RequestedOutput(String name, Map<String, Object> parameters) {}
}
