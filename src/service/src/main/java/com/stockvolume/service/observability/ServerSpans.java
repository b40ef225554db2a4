package com.stockvolume.service.observability;

import com.stockvolume.service.failure.GrpcRefusal;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The server span of a request on the application's port (REST and gRPC), in place of Quarkus' Vert.x
 * HTTP instrumentation ({@code quarkus.otel.instrument.vertx-http=false}): that one built a span, copied
 * the headers and ran its attribute extractors for every request, traced or not, and cost GET /predict
 * about a tenth of its rate (docs/observability.md). Here a request without a W3C {@code traceparent}
 * costs one header lookup, unless the sampler may trace requests that arrive without one; a request with
 * one gets a span from the SDK's own propagator and sampler, current for everything the request does,
 * named {@code METHOD route} when it ends, as Quarkus named it.
 */
@ApplicationScoped
public class ServerSpans {

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    private static final String TRACEPARENT = "traceparent";

    private static final TextMapGetter<HttpServerRequest> HEADERS = new TextMapGetter<>() {

        @Override
        public Iterable<String> keys(HttpServerRequest request) {
            return request.headers().names();
        }

        @Override
        public String get(HttpServerRequest request, String key) {
            return request == null ? null : request.getHeader(key);
        }
    };

    private static volatile boolean rootsMaySample = true;

    private final Tracer tracer;
    private final TextMapPropagator propagator;

    public ServerSpans(Tracer tracer, OpenTelemetry openTelemetry) {
        this.tracer = tracer;
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    void register(@Observes Filters filters) {
        var config = ConfigProvider.getConfig();
        rootsMaySample = rootsMaySample(
                config.getOptionalValue("quarkus.otel.traces.sampler", String.class).orElse("parentbased_always_on"),
                config.getOptionalValue("quarkus.otel.traces.sampler.arg", Double.class).orElse(1.0));
        // before every other filter (the access log reads the span), so that it covers them all
        filters.register(this::start, Integer.MAX_VALUE);
    }

    /**
     * Whether a request that arrives without a caller's trace may be sampled: not when the sampler
     * draws with ratio 0 or never samples. Then neither its server span nor a child of it is ever built.
     */
    static boolean rootsMaySample(String sampler, double ratio) {
        return switch (sampler.toLowerCase(Locale.ROOT)) {
            case "traceidratio", "parentbased_traceidratio" -> ratio > 0;
            case "always_off", "parentbased_always_off" -> false;
            default -> true;
        };
    }

    /** Whether a span started with no parent could be sampled (see {@link #rootsMaySample(String, double)}). */
    static boolean rootsMaySample() {
        return rootsMaySample;
    }

    private void start(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        if (!rootsMaySample && request.getHeader(TRACEPARENT) == null) {
            rc.next();
            return;
        }
        Context parent = propagator.extract(Context.root(), request, HEADERS);
        String method = request.method().name();
        Span span = tracer.spanBuilder(method).setParent(parent).setSpanKind(SpanKind.SERVER)
                .setAttribute(METHOD, method).setAttribute(PATH, request.path()).startSpan();
        if (!span.getSpanContext().isSampled()) {
            // nothing would record it, nor a child of it (the sampler is parent-based)
            span.end();
            rc.next();
            return;
        }
        io.vertx.core.Context requestContext = Vertx.currentContext(); // the request's own (duplicated) context
        Scope scope = parent.with(span).makeCurrent();
        rc.addEndHandler(ended -> {
            String route = RequestFacts.routeTemplate(requestContext);
            if (route == null && GrpcRefusal.isGrpc(request)) {
                route = request.path(); // a gRPC method's path names the service and method, never a value
            }
            if (route != null) {
                span.updateName(method + " " + route).setAttribute(ROUTE, route);
            }
            int status = rc.response().getStatusCode();
            span.setAttribute(STATUS, (long) status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
            scope.close();
        });
        rc.next();
    }
}
