package com.stockvolume.service.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.service.failure.ErrorBodies;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.GrpcRefusal;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The door of the main HTTP server: every request with a body reserves its declared size from the
 * body budget before a byte of the body is read, or waits unread in {@link AdmissionQueue} until
 * it fits or its deadline passes (503 with Retry-After), or is refused at once when that queue is
 * full. The probes and metrics are on the management interface and never pass here.
 */
@ApplicationScoped
public class AdmissionFilter {

    /** Right after Quarkus' own 413 check on the declared size, before anything reads the body. */
    static final int ORDER = RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT + 1;

    /**
     * What a gRPC call reserves at the door, its size unknown until gRPC has read it: 1 MiB, more than the calls
     * callers send most (1,000 rows of 27 columns are 216 KB), or the largest message if that is smaller. Once
     * read, the call holds its real size (OpenInferenceGrpcService). Reserving the largest message (2.5 MiB) let
     * one call at a time through a 64 MB heap's 4 MB budget and halved gRPC's rate (docs/performance.md).
     */
    static final long GRPC_RESERVATION = 1 << 20;

    private final AdmissionControl admission;
    private final ObjectMapper json;
    private final long maxBodySize;
    private final long grpcReservation;

    public AdmissionFilter(AdmissionControl admission, ObjectMapper json,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size") int maxGrpcMessage) {
        this.admission = admission;
        this.json = json;
        this.maxBodySize = maxBodySize.asLongValue();
        this.grpcReservation = Math.min(maxGrpcMessage, GRPC_RESERVATION);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseTooLarge);
        router.route().order(ORDER).handler(this::admit);
    }

    /**
     * A body declared larger than {@code quarkus.http.limits.max-body-size} gets its 413 here, in the
     * endpoint's error format ({@code {"error"}} under /v2), where Quarkus' own limit would answer an
     * empty 413; the connection is closed rather than the body read.
     */
    void refuseTooLarge(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = 0; // Vert.x refuses a malformed length itself
        }
        if (declared > maxBodySize) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            refuse(context, Failure.TOO_LARGE, "the body is " + declared + " bytes; at most " + maxBodySize
                    + " are accepted (quarkus.http.limits.max-body-size)", 0);
            return;
        }
        context.next();
    }

    void admit(RoutingContext context) {
        HttpServerRequest request = context.request();
        long declared = declaredBodyBytes(request);
        if (declared == 0 && request.method() == HttpMethod.GET) {
            // the hot path (GET /predict): nothing to hold, and single rows never wait
            context.next();
            return;
        }
        long arrived = System.nanoTime();
        long maxWait;
        try {
            maxWait = admission.waitNanos(request.getHeader(AdmittedRequest.TIMEOUT_HEADER));
        } catch (IllegalArgumentException e) {
            refuse(context, Failure.INVALID_REQUEST, e.getMessage(), 0);
            return;
        }
        AdmittedRequest admitted = admission.admitted(arrived, declared, maxWait);
        Waiting waiter = new Waiting(context, admitted, declared);
        switch (admission.queue().enter(waiter)) {
            case ADMITTED -> waiter.proceed();
            case FULL -> overloaded(context, admission.queueFull());
            case WAITING -> {
                readsOff(request, true);
                waiter.timer = context.vertx().setTimer(Math.max(1, admitted.remainingMillis(arrived)), id -> {
                    if (admission.queue().giveUp(waiter)) {
                        overloaded(context, admission.waitedTooLong(admitted.waitedMillis(System.nanoTime())));
                    }
                });
                // a client that hangs up while waiting leaves the queue at once
                context.addEndHandler(ended -> {
                    if (admission.queue().giveUp(waiter)) {
                        context.vertx().cancelTimer(waiter.timer);
                    }
                });
            }
        }
    }

    /** A request in the queue; admitted on whichever thread released room, served on its own. */
    private final class Waiting extends AdmissionQueue.Waiter {

        private final RoutingContext context;
        private final AdmittedRequest admitted;
        private final Context owner = Vertx.currentContext();
        volatile long timer = -1;

        Waiting(RoutingContext context, AdmittedRequest admitted, long bytes) {
            super(bytes);
            this.context = context;
            this.admitted = admitted;
        }

        @Override
        protected void admit() {
            owner.runOnContext(ignored -> {
                context.vertx().cancelTimer(timer);
                readsOff(context.request(), false);
                proceed();
            });
        }

        void proceed() {
            if (admitted.attachTo(context)) {
                context.next();
            }
        }
    }

    /**
     * Stops (or restarts) reading the connection's socket while its request waits. Quarkus pauses the
     * request, but Vert.x goes on reading ahead into the request's buffer, which filled a small heap
     * with waiting bodies; with the channel's reads stopped, the rest of the body stays in the kernel
     * (docs/performance.md, "Profile findings"). The one Vert.x internal the service uses: a paused
     * request's public API stops the socket only once its buffer holds 8 reads (Vert.x 4.5), and neither
     * Vert.x nor Quarkus offers a public way to stop a connection's reads. Only where it is safe: an
     * HTTP/1.x connection carries one request at a time, while pausing an HTTP/2 connection would stall
     * its other streams.
     */
    private static void readsOff(HttpServerRequest request, boolean off) {
        if (request.version() != HttpVersion.HTTP_2 && request.connection() instanceof ConnectionBase connection) {
            if (off) {
                connection.doPause();
            } else {
                connection.doResume();
            }
        }
    }

    private void overloaded(RoutingContext context, OverloadedException e) {
        refuse(context, e.failure(), e.getMessage(), e.retryAfterSeconds());
    }

    /**
     * The body's size as declared; a body of unknown size (chunked) counts as the largest allowed,
     * a gRPC call (HTTP/2 without a length) as {@link #GRPC_RESERVATION} until its message is read.
     */
    private long declaredBodyBytes(HttpServerRequest request) {
        if (GrpcRefusal.isGrpc(request)) {
            return grpcReservation;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            try {
                return Math.min(Math.max(0, Long.parseLong(length.trim())), maxBodySize);
            } catch (NumberFormatException e) {
                return maxBodySize;
            }
        }
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null ? maxBodySize : 0;
    }

    /**
     * Answers before the body is read. Quarkus then resumes the request so that the connection can be
     * reused, and Vert.x hands what it read ahead to a drain task on the event loop; until that task
     * runs, the request's buffer takes every chunk the socket delivers, with no limit, which once held
     * 42 whole refused bodies (35 MB) at a 64 MB heap. So the socket stays paused until the drain has
     * run (the task queued after it), and the rest of the body is then read and dropped chunk by chunk.
     */
    private void refuse(RoutingContext context, Failure failure, String detail, long retryAfterSeconds) {
        HttpServerRequest request = context.request();
        boolean unread = !request.isEnded();
        if (unread) {
            readsOff(request, true);
        }
        answer(context, failure, detail, retryAfterSeconds);
        if (unread) {
            context.vertx().runOnContext(drained -> readsOff(request, false));
        }
    }

    private void answer(RoutingContext context, Failure failure, String detail, long retryAfterSeconds) {
        if (GrpcRefusal.isGrpc(context.request())) {
            GrpcRefusal.send(context.response(), failure, detail, retryAfterSeconds);
            return;
        }
        String path = context.request().path();
        HttpServerResponse response = context.response().setStatusCode(failure.httpStatus())
                .putHeader(HttpHeaders.CONTENT_TYPE, ErrorBodies.mediaType(path));
        if (retryAfterSeconds > 0) {
            response.putHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        try {
            response.end(json.writeValueAsString(ErrorBodies.of(path, failure, detail, null)));
        } catch (JsonProcessingException e) {
            response.end();
        }
    }
}
