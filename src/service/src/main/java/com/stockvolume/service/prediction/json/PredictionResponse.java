package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.stockvolume.service.model.Inference;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code {"model":{"name","version"},"predictions":[{"volume":..}, ...]}}, in input order. */
public record PredictionResponse(
        ModelRef model,
        @JsonSerialize(using = VolumesSerializer.class) @Schema(type = SchemaType.ARRAY,
                implementation = Prediction.class) double[] predictions) {

    public record ModelRef(String name, String version) {
    }

    /** The documented shape of one element of {@code predictions}. */
    public record Prediction(double volume) {
    }

    public static PredictionResponse of(Inference inference) {
        return new PredictionResponse(modelRef(inference), inference.values());
    }

    public static ModelRef modelRef(Inference inference) {
        return new ModelRef(inference.model().name(), inference.model().version());
    }

    /**
     * Writes the volumes straight from the inference's array as {@code [{"volume":..}, ...]}:
     * no object per row to build and reflect over (10,000 rows at most a request).
     */
    static final class VolumesSerializer extends StdSerializer<double[]> {

        private static final SerializableString VOLUME = new SerializedString("volume"); // encoded once

        VolumesSerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] volumes, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeStartArray(volumes, volumes.length);
            for (double volume : volumes) {
                json.writeStartObject();
                json.writeFieldName(VOLUME);
                json.writeNumber(volume);
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }
}
