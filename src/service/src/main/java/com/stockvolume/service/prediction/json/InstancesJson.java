package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.stockvolume.features.WindowFeatures;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.IOException;

/**
 * A {@code /v1/predictions} request as JSON again, from its checked rows, {@code {"instances":[{..}, ..]}}: the form
 * the payload log sends.
 */
@RegisterForReflection // written by the payload log's ObjectMapper, which a native image must be told of
public record InstancesJson(@JsonSerialize(using = InstancesJson.RowsWriter.class) double[] instances) {

    /** Each row as an object of the same-day features, straight from the array. */
    static final class RowsWriter extends StdSerializer<double[]> {

        RowsWriter() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] rows, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartArray();
            for (int at = 0; at < rows.length; at += WindowFeatures.COLUMNS) {
                json.writeStartObject();
                for (int c = 0; c < WindowFeatures.COLUMNS; c++) {
                    json.writeNumberField(WindowFeatures.FEATURE_NAMES.get(c), rows[at + c]);
                }
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }
}
