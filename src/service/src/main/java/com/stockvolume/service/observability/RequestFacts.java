package com.stockvolume.service.observability;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * What a request's inference ran on, kept for its access-log line, and only while the access log is on
 * (finding the request is a bean lookup per call): on an HTTP request's RoutingContext, or on a gRPC
 * call's own Vert.x context (which has no RoutingContext in the service). Nothing is kept outside a request.
 */
public final class RequestFacts {

    private static final String KEY = RequestFacts.class.getName();
    private static final String SHED = KEY + ".shed";
    // Quarkus REST puts a request's route template on its Vert.x context under this key (as its
    // Micrometer and OpenTelemetry integrations read it)
    private static final String ROUTE_TEMPLATE = "UrlPathTemplate";

    /** @param rows every row inferred for the request */
    public record Inferred(String model, String version, int rows) {
    }

    private static volatile boolean kept;

    private RequestFacts() {
    }

    /** Set at each start by the access log, their one reader: whether requests' facts are kept. */
    static void keep(boolean keep) {
        kept = keep;
    }

    /** Called by the one inference path; a no-op off a request (a reload's sample rows, say). */
    public static void inferred(String model, String version, int rows) {
        put(KEY, new Inferred(model, version, rows));
    }

    /** Called where admission control refuses a request: the reason its admission_rejected_total counts. */
    public static void shed(String reason) {
        put(SHED, reason);
    }

    /** What the request inferred, or null. */
    static Inferred inferred(RoutingContext rc, Context context) {
        return get(rc, context, KEY);
    }

    /** The route template ({@code /v1/models/{name}}) Quarkus REST matched on the request's context, or null. */
    static String routeTemplate(Context context) {
        return context == null ? null : context.getLocal(ROUTE_TEMPLATE);
    }

    /** Why admission control refused the request, or null. */
    static String shedReason(RoutingContext rc, Context context) {
        return get(rc, context, SHED);
    }

    /** @param context the Vert.x context the request arrived on: a gRPC call's facts are kept there */
    private static <T> T get(RoutingContext rc, Context context, String key) {
        T onRequest = rc.get(key);
        return onRequest != null || context == null ? onRequest : context.getLocal(key);
    }

    private static void put(String key, Object value) {
        if (!kept) {
            return;
        }
        // an HTTP request's RoutingContext, where the CDI request scope serves one (a worker thread's
        // current Vert.x context is not the request's)
        ArcContainer container = Arc.container(); // null outside a running application
        if (container != null && container.requestContext().isActive()) {
            RoutingContext rc = container.instance(CurrentVertxRequest.class).get().getCurrent();
            if (rc != null) {
                rc.put(key, value);
                return;
            }
        }
        // else a gRPC call's: it runs on its request's duplicated context
        Context context = Vertx.currentContext();
        if (context != null && VertxContext.isDuplicatedContext(context)) {
            context.putLocal(key, value);
        }
    }
}
