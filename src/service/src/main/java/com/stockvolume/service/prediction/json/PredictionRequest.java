package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.stockvolume.service.failure.InvalidInputException;
import com.stockvolume.service.prediction.TooManyRowsException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"instances":[{"vol_moving_avg":..,"adj_close_rolling_med":..}, ...]}} */
public record PredictionRequest(
        @JsonDeserialize(using = InstanceRowReader.class) @Schema(required = true, type = SchemaType.ARRAY,
                implementation = InstanceSchema.class, minItems = 1,
                description = "1 to predictions.max-instances rows (default 10,000)") InstanceRowBuffer instances) {

    /**
     * A request's rows, checked: the row count first (413), then every value (400 listing each).
     *
     * @param request null for an empty body
     * @return row-major, the same-day columns every version of the default model takes
     */
    public static double[] checkedRows(PredictionRequest request, int maxInstances) {
        if (request == null) {
            throw new InvalidInputException("the request body is empty", List.of("instances: is required"));
        }
        InstanceRowBuffer instances = request.instances();
        List<String> errors = new ArrayList<>();
        if (instances == null) {
            errors.add("instances: is required");
        } else {
            if (instances.size() > maxInstances) {
                throw new TooManyRowsException(instances.size(), maxInstances);
            }
            instances.errors(errors);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.size() + " invalid value(s) in the request", errors);
        }
        return instances.values();
    }
}
