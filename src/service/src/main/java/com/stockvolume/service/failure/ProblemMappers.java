package com.stockvolume.service.failure;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.stockvolume.service.http.AllowedMethods;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error as application/problem+json with a message a client can act on, naming the field
 * (under /v2, the Open Inference Protocol's {"error": "..."} instead), with the status and type the
 * {@link Failure} catalogue gives. No stack trace or class name ever reaches a response; unexpected
 * failures are logged here.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;

    public ProblemMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    /** Every refusal of the service's own code, by its failure. */
    @ServerExceptionMapper
    public Response refused(ServiceException e, UriInfo uri) {
        return response(path(uri), e.failure(), e.getMessage(), e.errors(), e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return malformed(e, uri);
    }

    private static Response malformed(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(uri, Failure.INVALID_REQUEST, "the body is not valid JSON" + where + ": "
                + plain(e.getOriginalMessage()), null);
    }

    /**
     * A parser's message without its internals: Jackson appends where an enclosing array or object
     * started as "(for Array starting at [Source: REDACTED (`StreamReadFeature...` disabled); line: 1,
     * column: 78])", which names a parser setting; the line and column are given already.
     */
    static String plain(String message) {
        if (message == null) {
            return "";
        }
        return message.replaceAll("\\s*\\(for [^\\[]*\\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String path = path(e);
        String field = path.isEmpty() ? "the body" : path;
        return respond(uri, Failure.INVALID_REQUEST, field + " " + expected(e.getTargetType()),
                List.of(field + ": " + expected(e.getTargetType())));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return respond(uri, Failure.INVALID_REQUEST, "the body is not a valid request", null);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return respond(uri, Failure.UNSUPPORTED_MEDIA_TYPE, "send the body as application/json", null);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, UriInfo uri) {
        // Quarkus REST wraps some of Jackson's parse errors (e.g. a truncated body)
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedInput(mismatch, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformed(json, uri);
        }
        int status = e.getResponse().getStatus();
        String allow = status == 405 && uri != null ? allowedMethods.allow(uri.getPath()) : null;
        String detail = status == 404
                ? "no such resource"
                : status == 405
                        ? "method not allowed here" + (allow == null ? "" : "; allowed: " + allow)
                        : Response.Status.fromStatusCode(status) == null
                                ? "request failed"
                                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String path = path(uri);
        Response response = Response.status(status).type(ErrorBodies.mediaType(path))
                .entity(ErrorBodies.of(path, status, "about:blank", detail, null)).build();
        // RFC 9110: a 405 lists the methods the resource allows
        return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (clientWentAway(e)) {
            // nobody is left to answer: a client that closed its connection mid-body is not our failure
            LOG.debugf("the client closed the connection: %s", e);
            return respond(uri, Failure.INVALID_REQUEST, "the connection closed before the body was complete", null);
        }
        LOG.error("unexpected failure", e);
        return respond(uri, Failure.INTERNAL, "internal error; the service log has the details", null);
    }

    /**
     * The answer to {@code failure} on {@code path}: its status, the error body of the path, and
     * Retry-After when {@code retryAfterSeconds} > 0. For filters that answer before a resource runs.
     */
    public static Response response(String path, Failure failure, String detail, List<String> errors,
            long retryAfterSeconds) {
        Response.ResponseBuilder response = Response.status(failure.httpStatus()).type(ErrorBodies.mediaType(path))
                .entity(ErrorBodies.of(path, failure, detail, errors));
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.build();
    }

    private static Response respond(UriInfo uri, Failure failure, String detail, List<String> errors) {
        return response(path(uri), failure, detail, errors, 0);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** {@code instances[3].vol_moving_avg} from Jackson's path. */
    public static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
            return "must be an object";
        }
        return "has the wrong type";
    }
}
