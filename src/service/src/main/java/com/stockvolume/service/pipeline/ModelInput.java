package com.stockvolume.service.pipeline;

import com.stockvolume.service.model.LoadedModel;
import io.opentelemetry.api.trace.Span;

/**
 * A request's rows as one model version takes them: made by the request's {@link ModelInput.Decoder}
 * once the version is held, since versions of one model may take different inputs.
 */
public interface ModelInput {

    /** What a request without actual volumes checks: nothing (shared, not allocated per request). */
    int[] NO_ROWS = new int[0];
    double[] NO_ACTUALS = new double[0];

    /** Row-major, as wide as the version's input, in its column order. */
    double[] rows();

    /** The inferred rows whose actual volume the request carries (live accuracy): none by default. */
    default int[] checkedRows() {
        return NO_ROWS;
    }

    /** The actual volume of each of {@link #checkedRows()}. */
    default double[] actuals() {
        return NO_ACTUALS;
    }

    /** Sets what the decoding span shows of these rows (sizes, never values); called only for a sampled span. */
    default void describe(Span span) {
    }

    /** Rows already decoded, checked and as wide as every version's input (GET /predict, /v1/predictions). */
    static ModelInput of(double[] rows) {
        return new Rows(rows);
    }

    /** Plain rows. */
    record Rows(double[] rows) implements ModelInput {
    }

    /**
     * Turns a parsed request into a version's input, checked against that version's signature: a pure
     * function of the request and the version; a bad request throws its 4xx failure.
     */
    @FunctionalInterface
    interface Decoder<I extends ModelInput> {

        I decode(LoadedModel version);
    }
}
