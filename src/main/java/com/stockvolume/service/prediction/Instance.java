package com.stockvolume.service.prediction;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One row of features, named as the original API named its query parameters. Checked by
 * {@link #errors} rather than per-field Bean Validation: a batch holds up to 10,000 rows, and
 * Hibernate Validator's per-row cascade cost more than the inference itself (JFR, 1,000 rows).
 */
public final class Instance {

    // Fields, not a record: Jackson fills a plain class on its fastest path, while a record goes
    // through its constructor-based creator; measurable at 1,000 rows a request.
    @JsonProperty("vol_moving_avg")
    @Schema(required = true, minimum = "0", description = "Mean Volume over the last 30 calendar days", example = "2778180.95")
    private Double volMovingAvg;

    @JsonProperty("adj_close_rolling_med")
    @Schema(required = true, minimum = "0", description = "Median Adj Close over the last 30 calendar days", example = "71.8976")
    private Double adjCloseRollingMed;

    public Instance() {}

    public Instance(Double volMovingAvg, Double adjCloseRollingMed) {
        this.volMovingAvg = volMovingAvg;
        this.adjCloseRollingMed = adjCloseRollingMed;
    }

    public Double volMovingAvg() {
        return volMovingAvg;
    }

    public Double adjCloseRollingMed() {
        return adjCloseRollingMed;
    }

    /**
     * What is wrong with row {@code index} of a request, each error prefixed with its path, e.g.
     * {@code instances[3].vol_moving_avg}; the path is only built for a row that has an error.
     */
    static void errors(Instance row, int index, List<String> errors) {
        if (row == null) {
            errors.add(path(index) + ": must be an object with vol_moving_avg and adj_close_rolling_med");
            return;
        }
        check(row.volMovingAvg, index, ".vol_moving_avg", errors);
        check(row.adjCloseRollingMed, index, ".adj_close_rolling_med", errors);
    }

    private static void check(Double value, int index, String field, List<String> errors) {
        if (value == null) {
            errors.add(path(index) + field + ": is required");
        } else if (!FeatureValues.valid(value)) {
            errors.add(path(index) + field + ": " + FeatureValues.RULE);
        }
    }

    private static String path(int index) {
        return "instances[" + index + "]";
    }
}
