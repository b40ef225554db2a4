package com.stockvolume.service.support;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Request bodies the tests send, built once: /v1's instances and the Open Inference Protocol's tensors. */
public final class Bodies {

    private Bodies() {
    }

    /** One /v1/predictions instance. */
    public static Map<String, Object> instance(double volMovingAvg, double adjCloseRollingMed) {
        return Map.of("vol_moving_avg", volMovingAvg, "adj_close_rolling_med", adjCloseRollingMed);
    }

    /** A /v1/predictions body of {@code n} valid rows, as text (large ones build fast). */
    public static String instances(int n) {
        StringBuilder body = new StringBuilder("{\"instances\":[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"vol_moving_avg\":").append(1000 + i)
                    .append(",\"adj_close_rolling_med\":12.5}");
        }
        return body.append("]}").toString();
    }

    /** The model's input tensor "features" of {@code rows} rows of {@code columns}, with {@code data} as given. */
    public static Map<String, Object> tensor(int rows, int columns, Object data, String datatype) {
        return Map.of("name", "features", "shape", List.of(rows, columns), "datatype", datatype, "data", data);
    }

    /** A /v2 infer body of row-major {@code rows}, {@code columns} wide, as FP64 or FP32. */
    public static Map<String, Object> infer(double[] rows, int columns, String datatype) {
        return Map.of("inputs",
                List.of(tensor(rows.length / columns, columns, Arrays.stream(rows).boxed().toList(), datatype)));
    }
}
