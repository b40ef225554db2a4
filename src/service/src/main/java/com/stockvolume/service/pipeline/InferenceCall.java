package com.stockvolume.service.pipeline;

import com.stockvolume.service.admission.AdmittedRequest;

/**
 * One request to the {@link InferencePipeline}, as a transport parsed it.
 *
 * @param model the model's name
 * @param version null: the version the model's policy serves
 * @param endpoint what the request's meters are labelled with ({@code predict}, {@code v1}, {@code v2}, ...)
 * @param admitted the request's admission (what it holds of the budgets); null for one that is not admitted
 *     (GET /predict: one row, no body, microseconds)
 * @param rows how many rows it asks admission for, known before decoding (at least 1)
 * @param decodedIn the name of the span its decoding runs in, or null for none
 * @param decoder its rows for the held version
 * @param routingKey what keeps a call to an unversioned model on one side of a canary split (a from-bars symbol), or
 *     null: each call drawn on its own
 */
public record InferenceCall<I extends ModelInput>(String model, String version, String endpoint,
        AdmittedRequest admitted, int rows, String decodedIn, ModelInput.Decoder<I> decoder, String routingKey) {

    /** A request not admitted: one row already checked, for the model's default version. */
    public static InferenceCall<ModelInput> singleRow(String model, String endpoint, double[] row) {
        ModelInput input = ModelInput.of(row);
        return new InferenceCall<>(model, null, endpoint, null, 1, null, version -> input, null);
    }

    /** An admitted request of {@code rows} rows (clamped to at least 1). */
    public static <I extends ModelInput> InferenceCall<I> admitted(AdmittedRequest admitted, String model,
            String version, String endpoint, int rows, ModelInput.Decoder<I> decoder) {
        return new InferenceCall<>(model, version, endpoint, admitted, Math.max(1, rows), null, decoder, null);
    }

    /** The same call with its decoding in a span of this name. */
    public InferenceCall<I> decodedIn(String span) {
        return new InferenceCall<>(model, version, endpoint, admitted, rows, span, decoder, routingKey);
    }

    /** The same call, kept on one side of a canary split with every other call of this key. */
    public InferenceCall<I> routedBy(String key) {
        return new InferenceCall<>(model, version, endpoint, admitted, rows, decodedIn, decoder, key);
    }
}
