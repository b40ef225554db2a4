package com.stockvolume.service.observability;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The service's own spans inside a request's server span (docs/observability.md): {@code admission}
 * (the wait from arrival to an inference slot), {@code features} (from-bars: bars into rows) and
 * {@code inference} (one ONNX Runtime call: model, version, rows). Attributes name sizes, never values.
 */
@ApplicationScoped
public class Spans {

    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("model.name");
    public static final AttributeKey<String> VERSION = AttributeKey.stringKey("model.version");
    public static final AttributeKey<Long> ROWS = AttributeKey.longKey("model.rows");
    public static final AttributeKey<Long> BARS = AttributeKey.longKey("from_bars.bars");
    public static final AttributeKey<Double> WAITED = AttributeKey.doubleKey("admission.waited_ms");
    public static final AttributeKey<Boolean> QUEUED = AttributeKey.booleanKey("admission.queued");
    public static final AttributeKey<String> REFUSED = AttributeKey.stringKey("admission.refused");

    private final Tracer tracer;

    public Spans(Tracer tracer) {
        this.tracer = tracer;
    }

    /**
     * The admission span of a request given its slot now: from its arrival (System.nanoTime) to now.
     *
     * @param queued whether it waited in line for a slot (a batch on a worker thread), or was served at once
     */
    public void admitted(long arrivedNanos, long nowNanos, boolean queued) {
        if (unsampledRequest()) {
            return;
        }
        long end = epochNanos();
        long waited = Math.max(0, nowNanos - arrivedNanos);
        tracer.spanBuilder("admission").setStartTimestamp(end - waited, TimeUnit.NANOSECONDS)
                .setAttribute(WAITED, waited / 1e6).setAttribute(QUEUED, queued)
                .startSpan().end(end, TimeUnit.NANOSECONDS);
    }

    /** Marks the request's current span as refused by admission control, and why. */
    public static void refused(String reason) {
        Span span = Span.current();
        span.setAttribute(REFUSED, reason);
        span.setStatus(StatusCode.ERROR, "shed: " + reason);
    }

    /** Runs {@code work} in a child span of the current one, which records a failure it throws. */
    public <T> T inSpan(String name, Supplier<T> work) {
        if (unsampledRequest()) {
            return work.get();
        }
        Span span = tracer.spanBuilder(name).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return work.get();
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Whether nothing this request does would be recorded: its span is not sampled (the sampler is
     * parent-based, so no child of it would be either), or it has none and the sampler never samples
     * a root (ServerSpans). Building a span then (random ids, a context switch, the log's MDC) is all cost.
     */
    private static boolean unsampledRequest() {
        SpanContext current = Span.current().getSpanContext();
        return current.isValid() ? !current.isSampled() : !ServerSpans.rootsMaySample();
    }

    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
