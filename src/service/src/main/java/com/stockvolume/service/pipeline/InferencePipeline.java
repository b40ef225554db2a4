package com.stockvolume.service.pipeline;

import ai.onnxruntime.OrtException;
import com.stockvolume.service.admission.AdmissionControl;
import com.stockvolume.service.admission.AdmittedRequest;
import com.stockvolume.service.drift.InputDrift;
import com.stockvolume.service.drift.TrainingRange;
import com.stockvolume.service.metrics.LiveAccuracy;
import com.stockvolume.service.metrics.ModelMetrics;
import com.stockvolume.service.model.HeldVersion;
import com.stockvolume.service.model.Inference;
import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.UnknownModelException;
import com.stockvolume.service.observability.RequestFacts;
import com.stockvolume.service.observability.Spans;
import io.opentelemetry.api.trace.Span;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one way a request's rows reach a model, for every surface (GET /predict, /v1/predictions,
 * from-bars, /v2 over REST and gRPC), always in this order:
 * <ol>
 * <li><b>admit</b>: the request's rows and an inference slot ({@link AdmissionControl}; 503 + Retry-After
 * when the budget is spent), unless the call is not admitted (GET /predict);</li>
 * <li><b>hold the version</b> the call names, or the one its model's policy serves, until the answer is
 * made ({@link ModelRegistry#hold}): a reload never closes it underneath;</li>
 * <li><b>decode</b> the parsed request into that version's input, checked against its signature (a pure
 * function the transport gives; a bad request fails here with its 4xx);</li>
 * <li><b>infer</b>: one ONNX Runtime call for all rows (with other calls' rows when batched), in the
 * {@code inference} span;</li>
 * <li><b>observe</b>: rows and time meters, inputs outside the training range, the input-drift sample,
 * live accuracy on rows with actual volumes, the request's facts for the access log.</li>
 * </ol>
 * A roll-out ({@link Rollouts}) plugs in twice: a canary version is chosen in {@link #hold} (which version an
 * unversioned call holds), and once answered the call is handed to {@link PairedScoring} for the other version to score
 * (a shadow's, or the default for a canary's call). {@link #run} hands the rows to {@link InferenceBatcher}, which runs
 * concurrent calls for one version as one ONNX Runtime call.
 */
@ApplicationScoped
public class InferencePipeline {

    private final AdmissionControl admission;
    private final ModelRegistry registry;
    private final ModelMetrics metrics;
    private final InputDrift inputDrift;
    private final LiveAccuracy liveAccuracy;
    private final Spans spans;
    private final InferenceBatcher batcher;
    private final Rollouts rollouts;
    private final PairedScoring paired;

    public InferencePipeline(AdmissionControl admission, ModelRegistry registry, ModelMetrics metrics,
            InputDrift inputDrift, LiveAccuracy liveAccuracy, Spans spans, InferenceBatcher batcher, Rollouts rollouts,
            PairedScoring paired) {
        this.rollouts = rollouts;
        this.paired = paired;
        this.admission = admission;
        this.registry = registry;
        this.metrics = metrics;
        this.inputDrift = inputDrift;
        this.liveAccuracy = liveAccuracy;
        this.spans = spans;
        this.batcher = batcher;
    }

    /** The model this service serves when a request names none (GET /predict, /v1/predictions, from-bars). */
    public String defaultModel() {
        return registry.defaultName();
    }

    public <I extends ModelInput> Inferred<I> infer(InferenceCall<I> call) {
        try (AdmissionControl.Slot slot = call.admitted() == null ? null : admission.admit(call.admitted(), call.rows());
                HeldVersion held = hold(call)) {
            LoadedModel version = held.model();
            I input = decode(call, version);
            Inference inference = run(version, input.rows(), call.admitted());
            observe(call, input, inference);
            compareLater(call, input, inference);
            return new Inferred<>(input, inference);
        }
    }

    /** The version the call names; for an unversioned call, its canary's version if it falls in the canary's share. */
    private HeldVersion hold(InferenceCall<?> call) {
        if (call.version() == null) {
            String canary = rollouts.route(call.model(), call.routingKey());
            if (canary != null) {
                try {
                    return registry.hold(call.model(), canary);
                } catch (UnknownModelException e) {
                    // unloaded since the canary began: the default serves the call
                }
            }
        }
        return registry.hold(call.model(), call.version());
    }

    private <I extends ModelInput> I decode(InferenceCall<I> call, LoadedModel version) {
        if (call.decodedIn() == null) {
            return call.decoder().decode(version);
        }
        return spans.inSpan(call.decodedIn(), () -> {
            I input = call.decoder().decode(version);
            input.describe(Span.current());
            return input;
        });
    }

    private Inference run(LoadedModel version, double[] rows, AdmittedRequest admitted) {
        return spans.inSpan("inference", () -> {
            Inference inferred = batched(version, rows, admitted);
            Span.current().setAttribute(Spans.MODEL, version.name()).setAttribute(Spans.VERSION, version.version())
                    .setAttribute(Spans.ROWS, (long) inferred.values().length);
            return inferred;
        });
    }

    private Inference batched(LoadedModel version, double[] rows, AdmittedRequest admitted) {
        try {
            return new Inference(version, batcher.infer(version, rows, admitted));
        } catch (OrtException e) {
            throw new IllegalStateException("inference failed on model " + version.name() + " " + version.version(), e);
        }
    }

    /** While a roll-out runs: an unversioned call is scored by the other version too, after its answer. */
    private void compareLater(InferenceCall<?> call, ModelInput input, Inference inference) {
        if (call.version() == null) {
            Rollouts.Pairing pairing = rollouts.pairing(call.model(), inference.model().version());
            if (pairing != null) {
                paired.submit(call, pairing, inference.values(), input);
            }
        }
    }

    private void observe(InferenceCall<?> call, ModelInput input, Inference inference) {
        LoadedModel version = inference.model();
        String name = version.name();
        int rows = inference.values().length;
        metrics.predicted(name, version.version(), call.endpoint(), rows);
        RequestFacts.inferred(name, version.version(), rows);
        inputDrift.observe(name, version.version(), input.rows());
        var features = version.card().features();
        if (features != null) {
            int[] outside = TrainingRange.outside(features, input.rows());
            for (int f = 0; f < outside.length; f++) {
                metrics.outOfRange(features.get(f).name(), outside[f]);
            }
        }
        int[] checked = input.checkedRows();
        double[] actuals = input.actuals();
        for (int c = 0; c < checked.length; c++) {
            liveAccuracy.checked(name, version.version(), actuals[c], inference.values()[checked[c]]);
        }
    }
}
