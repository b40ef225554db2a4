package com.stockvolume.service.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * A v2 inference request as JSON with its tensor data inline, however it came (JSON, binary tensor data, gRPC): the
 * form the payload log sends. The data are the rows the model took, flat, row-major (FP32 values as their doubles).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection(targets = {InferRequestJson.class, InferRequestJson.Input.class, InferRequestJson.Output.class,
        InferResponse.class, InferResponse.Output.class}) // written by the payload log's ObjectMapper (native image)
public record InferRequestJson(String id, Map<String, Object> parameters, List<Input> inputs, List<Output> outputs) {

    public record Input(String name, List<Long> shape, String datatype, double[] data) {
    }

    public record Output(String name) {
    }

    /**
     * @param id null or empty: none
     * @param rows as the model took them, {@code columns} wide
     * @param outputs the outputs the request named, or null for all
     */
    public static InferRequestJson of(String id, Map<String, Object> parameters, String input, String datatype,
            double[] rows, int columns, List<String> outputs) {
        List<Long> shape = List.of((long) rows.length / columns, (long) columns);
        return new InferRequestJson(id == null || id.isEmpty() ? null : id,
                parameters == null || parameters.isEmpty() ? null : parameters,
                List.of(new Input(input, shape, datatype, rows)),
                outputs == null || outputs.isEmpty() ? null : outputs.stream().map(Output::new).toList());
    }
}
