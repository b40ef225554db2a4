package com.stockvolume.service.observability;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerRequestInternal;
import io.vertx.ext.web.RoutingContext;

/**
 * What a request's inference ran on, kept on the request's Vert.x context (HTTP and gRPC calls each
 * have their own) for its access-log line, and only while the access log is on (finding the request's
 * context is a bean lookup per call). Nothing is kept outside a request.
 */
public final class RequestFacts {

    private static final String KEY = RequestFacts.class.getName();
    private static final String SHED = KEY + ".shed";

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

    /** What the request on this context inferred, or null. */
    static Inferred inferred(Context context) {
        return context.getLocal(KEY);
    }

    /** Why admission control refused the request on this context, or null. */
    static String shedReason(Context context) {
        return context.getLocal(SHED);
    }

    private static void put(String key, Object value) {
        if (!kept) {
            return;
        }
        Context context = requestContext();
        if (context != null) {
            context.putLocal(key, value);
        }
    }

    /**
     * The request's own Vert.x context: the HTTP request's, where the CDI request scope serves one (a
     * worker thread's current context is not the request's); else the current one (a gRPC call's).
     */
    private static Context requestContext() {
        ArcContainer container = Arc.container(); // null outside a running application
        if (container != null && container.requestContext().isActive()) {
            RoutingContext rc = container.instance(CurrentVertxRequest.class).get().getCurrent();
            if (rc != null) {
                return ((HttpServerRequestInternal) rc.request()).context();
            }
        }
        Context context = Vertx.currentContext();
        return context != null && VertxContext.isDuplicatedContext(context) ? context : null;
    }
}
