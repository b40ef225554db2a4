package com.stockvolume.service.oip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard.TensorSpec;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.prediction.TooManyRowsException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A v2 input tensor becomes the model's rows, or a 400 that says what is wrong. */
class TensorRowsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TensorSpec INPUT = new TensorSpec("features", "double", List.of(-1L, 2L), null);
    private static final TensorSpec OUTPUT = new TensorSpec("volume", "double", List.of(-1L, 1L), null);

    private static double[] rows(String request) throws Exception {
        return TensorRows.of(JSON.readValue(request, InferRequest.class), null, INPUT, List.of(OUTPUT), 3);
    }

    private static String error(String request) {
        InferenceProtocolException e = assertThrows(InferenceProtocolException.class, () -> rows(request));
        assertEquals(Failure.INVALID_REQUEST, e.failure());
        return e.getMessage();
    }

    @Test
    void flatAndNestedDataGiveTheSameRowMajorRows() throws Exception {
        double[] flat = rows("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[1,2,3,4]}]}");
        double[] nested = rows(
                "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP32\",\"data\":[[1,2],[3,4]]}]}");
        assertArrayEquals(new double[]{1, 2, 3, 4}, flat);
        assertArrayEquals(flat, nested);
    }

    @Test
    void everyBadTensorIsA400SayingWhat() {
        assertEquals("input 'features' has shape [2, 3]; expected [N, 2] with N >= 1",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,3],\"datatype\":\"FP64\",\"data\":[1,2,3,4,5,6]}]}"));
        assertEquals("input 'features' has datatype INT64; FP64 or FP32 is accepted",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"INT64\",\"data\":[1,2]}]}"));
        assertEquals("input 'features' has 3 values; shape [2, 2] needs 4",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[1,2,3]}]}"));
        assertEquals("input 'features' has 5 values; shape [2, 2] needs 4",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[1,2,3,4,5]}]}"));
        assertEquals("input 'features' value 1 is Infinity; each value must be a finite number >= 0",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,1e999]}]}"));
        assertEquals("input 'features' value 0 is a string, not a number",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[\"x\",1]}]}"));
        assertEquals("unknown input 'x'; the model's input is 'features'",
                error("{\"inputs\":[{\"name\":\"x\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}]}"));
        assertEquals("the request must have exactly one input, 'features'", error("{\"inputs\":[]}"));
        assertEquals("unknown output 'y'; the model's output is 'volume'",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,2]}],\"outputs\":[{\"name\":\"y\"}]}"));
    }

    @Test
    void moreRowsThanTheLimitAreTooManyRowsAsOnEveryEndpoint() {
        TooManyRowsException e = assertThrows(TooManyRowsException.class, () -> rows(
                "{\"inputs\":[{\"name\":\"features\",\"shape\":[4,2],\"datatype\":\"FP64\",\"data\":[1,2,3,4,5,6,7,8]}]}"));
        assertEquals(Failure.TOO_MANY_ROWS, e.failure());
        assertEquals("4 rows in one request; at most 3 are accepted (predictions.max-instances)", e.getMessage());
    }

    @Test
    void aShapeDimensionMustBeAWholeNumberAtLeastZero() {
        for (String shape : new String[]{"[2.5,2]", "[\"2\",2]", "[-1,2]", "[2,null]", "[2,2.0]"}) {
            assertEquals(
                    "input 'features' has shape " + shape.replace(",", ",") + "; each dimension must be a whole number >= 0",
                    error("{\"inputs\":[{\"name\":\"features\",\"shape\":" + shape
                            + ",\"datatype\":\"FP64\",\"data\":[1,2,3,4]}]}"),
                    shape);
        }
        assertEquals("input 'features' has no shape; expected a list of whole numbers such as [N, k]",
                error("{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP64\",\"data\":[1,2]}]}"));
    }

    @Test
    void nestedDataMustMatchTheShapeExactly() {
        assertEquals("input 'features' data row 0 is not 2 values; nested data must match shape [2, 2] exactly",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[[1,2,3],[4]]}]}"));
        assertEquals("input 'features' has 1 rows of data; shape [2, 2] needs 2",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[[1,2,3,4]]}]}"));
        assertEquals("input 'features' data row 1 is not 2 values; nested data must match shape [2, 2] exactly",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":[[1,2],5]}]}"));
        assertEquals("input 'features' value 1 is a list, not a number",
                error("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,2],\"datatype\":\"FP64\",\"data\":[1,[2]]}]}"));
    }

    @Test
    void theFirstValueThatIsNotANumberIsNamedAsWritten() {
        String request = "{\"inputs\":[{\"name\":\"features\",\"shape\":[2,2],\"datatype\":\"FP64\",\"data\":%s}]}";
        assertEquals("input 'features' value 2 is true, not a number", error(request.formatted("[1,2,true,\"x\"]")));
        assertEquals("input 'features' value 1 is null, not a number", error(request.formatted("[1,null,3,4]")));
        assertEquals("input 'features' value 3 is {\"a\":[1]}, not a number", error(request.formatted("[1,2,3,{\"a\":[1]}]")));
        assertEquals("input 'features' value 2 is a list, not a number", error(request.formatted("[[1,2],[[3],4]]")));
        assertEquals("input 'features' value 3 is a string, not a number", error(request.formatted("[[1,2],[3,\"4\"]]")));
        // in row-major order: a bad number before a value that is not one is the error named
        assertEquals("input 'features' value 1 is -2.0; each value must be a finite number >= 0",
                error(request.formatted("[[1,-2],[\"x\",4]]")));
        assertEquals("input 'features' has no data array", error(request.formatted("{\"a\":1}")));
        assertEquals("input 'features' has no data array", error(request.formatted("null")));
        assertEquals("input 'features' has 0 rows of data; shape [2, 2] needs 2", error(request.formatted("[]")));
    }

    @Test
    void manyRowsAreReadInOrderAndFp32IsRoundedAsAFloatTensorHoldsIt() throws Exception {
        StringBuilder data = new StringBuilder();
        double[] expected = new double[2 * 300];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (float) (i * 1234.5678901);
            data.append(i == 0 ? "" : ",").append(i * 1234.5678901);
        }
        double[] read = TensorRows.of(JSON.readValue("{\"inputs\":[{\"name\":\"features\",\"shape\":[300,2],"
                + "\"datatype\":\"FP32\",\"data\":[" + data + "]}]}", InferRequest.class), null, INPUT, List.of(OUTPUT), 1000);
        assertArrayEquals(expected, read);
    }
}
