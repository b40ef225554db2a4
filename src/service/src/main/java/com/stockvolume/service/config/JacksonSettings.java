package com.stockvolume.service.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Jackson's fast double reader and writer (FastDoubleParser, Schubfach): a batch is thousands of
 * doubles each way, and the JDK's own conversions were its largest cost. Both give the same,
 * round-tripping values.
 * Absent values are left out of responses rather than written as null (no pin, no warning, an
 * output sent as binary data), so that every field present has the type the OpenAPI document gives.
 * A string field refuses a boolean or a number rather than reading it as text.
 */
@Singleton
public class JacksonSettings implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);
        mapper.enable(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER);
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        // a string field takes a string: "model": false is a 400 naming the field, not the model "false"
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }
}
