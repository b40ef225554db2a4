package com.stockvolume.service.observability;

import com.stockvolume.service.config.ObservabilityConfig;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * One line per request on the application's port (REST and gRPC), written when its response ends:
 * {@code method route status duration model version rows shed}, with the trace and span ids when the
 * request is traced (sampled). The route is the template ({@code /v1/models/{name}}), never the raw path;
 * neither bodies nor headers are logged. On with {@code observability.access-log=true}.
 */
@ApplicationScoped
public class AccessLog {

    private static final Logger LOG = Logger.getLogger("access");

    void register(@Observes Filters filters, ObservabilityConfig config) {
        RequestFacts.keep(config.accessLog());
        if (config.accessLog()) {
            // First of all filters but the server span's (whose ids it logs), so that the duration covers
            // the others and every answer is logged.
            filters.register(AccessLog::start, Integer.MAX_VALUE - 1);
        }
    }

    private static void start(RoutingContext rc) {
        long start = System.nanoTime();
        SpanContext span = Span.current().getSpanContext();
        Context context = Vertx.currentContext(); // the request's own (duplicated) context, where a gRPC call runs
        rc.addEndHandler(ended -> LOG.info(line(rc, context, span, System.nanoTime() - start)));
        rc.next();
    }

    static String line(RoutingContext rc, Context context, SpanContext span, long nanos) {
        HttpServerResponse response = rc.response();
        String route = RequestFacts.routeTemplate(context);
        StringBuilder line = new StringBuilder(160)
                .append("method=").append(rc.request().method().name())
                .append(" route=").append(route != null ? route : rc.request().path())
                .append(" status=").append(response.getStatusCode());
        String grpcStatus = response.trailers().get("grpc-status");
        if (grpcStatus != null) {
            line.append(" grpc_status=").append(grpcStatus);
        }
        long micros = nanos / 1000; // milliseconds with three decimals, without String.format's cost
        line.append(" duration_ms=").append(micros / 1000).append('.');
        long fraction = micros % 1000;
        line.append(fraction < 100 ? (fraction < 10 ? "00" : "0") : "").append(fraction);
        RequestFacts.Inferred inferred = RequestFacts.inferred(rc, context);
        if (inferred != null) {
            line.append(" model=").append(inferred.model()).append(" version=").append(inferred.version())
                    .append(" rows=").append(inferred.rows());
        }
        String shed = RequestFacts.shedReason(rc, context);
        line.append(" shed=").append(shed != null);
        if (shed != null) {
            line.append(" shed_reason=").append(shed);
        }
        if (span.isSampled()) {
            line.append(" trace_id=").append(span.getTraceId()).append(" span_id=").append(span.getSpanId());
        }
        return line.toString();
    }
}
