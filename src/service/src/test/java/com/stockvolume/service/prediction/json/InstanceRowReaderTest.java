package com.stockvolume.service.prediction.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.stockvolume.service.failure.ProblemMappers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Reading {@code instances} straight into one array, without Quarkus: values, order, and every error. */
class InstanceRowReaderTest {

    /** Configured as the service's: Quarkus ignores unknown properties, {@link JacksonSettings} adds the fast parser. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonParser.Feature.USE_FAST_DOUBLE_PARSER);

    private static InstanceRowBuffer read(String body) throws Exception {
        return JSON.readValue(body, PredictionRequest.class).instances();
    }

    private static List<String> errors(String body) throws Exception {
        List<String> errors = new ArrayList<>();
        read(body).errors(errors);
        return errors;
    }

    @Test
    void readsEveryRowInOrderWithTheValuesJacksonReadsInAnyLayout() throws Exception {
        Random random = new Random(7);
        StringBuilder body = new StringBuilder("{\"other\":[1,{\"instances\":[]}],\n\"instances\" : [");
        for (int i = 0; i < 1000; i++) { // past the initial capacity, in every layout a client may send
            String vol = "\"vol_moving_avg\":" + number(random);
            String adj = "\"adj_close_rolling_med\" : " + number(random);
            String extra = "\"symbol\":{\"name\":\"A\",\"tags\":[1,[2]]}";
            body.append(i == 0 ? "" : ",\n ").append(switch (i % 4) {
                case 0 -> "{" + vol + "," + adj + "}";
                case 1 -> "{ " + adj + ", " + vol + " }";
                case 2 -> "{" + extra + "," + vol + "," + extra + "," + adj + "}";
                default -> "{" + vol + ",\"vol_moving_avg\":" + (i + 0.5) + "," + adj + "}"; // the last one counts
            });
        }
        String json = body.append("]}").toString();

        InstanceRowBuffer instances = read(json);

        JsonNode rows = JSON.readTree(json).get("instances");
        double[] expected = new double[rows.size() * 2];
        for (int i = 0; i < rows.size(); i++) {
            expected[2 * i] = rows.get(i).get("vol_moving_avg").asDouble();
            expected[2 * i + 1] = rows.get(i).get("adj_close_rolling_med").asDouble();
        }
        assertEquals(1000, instances.size());
        assertArrayEquals(expected, instances.values());
        assertEquals(List.of(), errors(json));
    }

    private static String number(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> Double.toString(random.nextDouble() * 1e7);
            case 1 -> Long.toString(random.nextLong(100_000_000L));
            case 2 -> random.nextInt(1000) + "." + random.nextInt(1000) + "e" + random.nextInt(-5, 6);
            default -> Double.toString(random.nextDouble());
        };
    }

    @Test
    void absentNullAndOutOfRangeValuesAreListedInRequestOrderWithTheirPaths() throws Exception {
        assertEquals(List.of(
                "instances[1].vol_moving_avg: must be a finite number >= 0",
                "instances[1].adj_close_rolling_med: must be a finite number >= 0",
                "instances[2].vol_moving_avg: is required",
                "instances[3]: must be an object with vol_moving_avg and adj_close_rolling_med",
                "instances[4].vol_moving_avg: is required",
                "instances[4].adj_close_rolling_med: is required",
                "instances[5].adj_close_rolling_med: is required"),
                errors("""
                        {"instances": [
                          {"vol_moving_avg": 1000, "adj_close_rolling_med": 12.5},
                          {"vol_moving_avg": -1, "adj_close_rolling_med": 1e999},
                          {"adj_close_rolling_med": 3},
                          null,
                          {},
                          {"vol_moving_avg": 1, "adj_close_rolling_med": 2, "adj_close_rolling_med": null}
                        ]}"""));
    }

    @Test
    void anEmptyBatchIsAnError() throws Exception {
        assertEquals(List.of("instances: must hold at least one instance"), errors("{\"instances\":[]}"));
    }

    @Test
    void aNumberInAStringIsReadAsJacksonReadsADoubleField() throws Exception {
        InstanceRowBuffer instances = read("{\"instances\":[{\"vol_moving_avg\":\"1.5\",\"adj_close_rolling_med\":\"2e3\"}]}");
        assertArrayEquals(new double[]{1.5, 2000}, instances.values());
    }

    @Test
    void aValueOfTheWrongTypeFailsWithItsPathAndTheTypeExpected() {
        assertMismatch("{\"instances\":[{},{\"vol_moving_avg\":{\"a\":1}}]}", "instances[1].vol_moving_avg", Double.class);
        assertMismatch("{\"instances\":[{},{\"adj_close_rolling_med\":\"x\"}]}", "instances[1].adj_close_rolling_med",
                Double.class);
        assertMismatch("{\"instances\":[{},[1,2]]}", "instances[1]", InstanceSchema.class);
        assertMismatch("{\"instances\":[5]}", "instances[0]", InstanceSchema.class);
        assertMismatch("{\"instances\":5}", "instances", List.class);
        assertMismatch("{\"instances\":{\"vol_moving_avg\":1}}", "instances", List.class);
    }

    private static void assertMismatch(String body, String path, Class<?> expected) {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> read(body), body);
        assertEquals(path, ProblemMappers.path(e), body);
        assertEquals(expected, e.getTargetType(), body);
    }
}
