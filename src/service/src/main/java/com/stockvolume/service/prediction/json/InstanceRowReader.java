package com.stockvolume.service.prediction.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import java.io.IOException;
import java.util.List;

/**
 * Reads {@code [{"vol_moving_avg":..,"adj_close_rolling_med":..}, ...]} straight into
 * {@link InstanceRowBuffer}: no object, boxed Double or list element per row, which were most of
 * the cost of reading a batch. A field name is first compared as bytes with the one expected next (the documented
 * order), and looked up in general otherwise, so any order works. Unknown fields are skipped, as
 * in every other body; a value that is not a number or null goes through Jackson's own Double
 * rules, so it is read (e.g. {@code "1.5"}) or refused with its path exactly as a Double field
 * would be.
 */
public final class InstanceRowReader extends StdDeserializer<InstanceRowBuffer> {

    private static final SerializableString[] NAMES = {
            new SerializedString(InstanceRowBuffer.FIELDS[0]), new SerializedString(InstanceRowBuffer.FIELDS[1])};

    public InstanceRowReader() {
        super(InstanceRowBuffer.class);
    }

    @Override
    public InstanceRowBuffer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            return ctxt.reportInputMismatch(List.class, "instances must be an array");
        }
        InstanceRowBuffer instances = new InstanceRowBuffer();
        for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
            int row = instances.size();
            try {
                if (token == JsonToken.START_OBJECT) {
                    readRow(p, ctxt, instances);
                } else if (token == JsonToken.VALUE_NULL) {
                    instances.addNullRow();
                } else {
                    ctxt.reportInputMismatch(InstanceSchema.class, "an instance must be an object");
                }
            } catch (JsonMappingException e) {
                throw JsonMappingException.wrapWithPath(e, InstanceRowBuffer.class, row);
            }
        }
        return instances.trim();
    }

    private static void readRow(JsonParser p, DeserializationContext ctxt, InstanceRowBuffer instances) throws IOException {
        int first = instances.startRow();
        int given = 0;
        int expected = 0;
        while (true) {
            int column;
            if (p.nextFieldName(NAMES[expected])) {
                column = expected;
            } else if (p.currentToken() == JsonToken.FIELD_NAME) {
                column = column(p.currentName());
            } else {
                break; // END_OBJECT
            }
            JsonToken token = p.nextToken();
            if (column < 0) {
                p.skipChildren();
                continue;
            }
            if (token.isNumeric()) {
                instances.set(first + column, p.getDoubleValue());
                given |= 1 << column;
            } else {
                Double value = token == JsonToken.VALUE_NULL ? null : other(p, ctxt, column);
                if (value != null) {
                    instances.set(first + column, value);
                    given |= 1 << column;
                } else {
                    given &= ~(1 << column); // a later null replaces an earlier value, as for a field
                }
            }
            expected = (column + 1) % NAMES.length;
        }
        instances.endRow(first, given);
    }

    private static int column(String name) {
        for (int column = 0; column < NAMES.length; column++) {
            if (NAMES[column].getValue().equals(name)) {
                return column;
            }
        }
        return -1;
    }

    private static Double other(JsonParser p, DeserializationContext ctxt, int column) throws IOException {
        try {
            return ctxt.readValue(p, Double.class);
        } catch (JsonMappingException e) {
            throw JsonMappingException.wrapWithPath(e, InstanceSchema.class, NAMES[column].getValue());
        }
    }
}
