package com.stockvolume.service.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.stockvolume.service.admission.OverloadedException;
import com.stockvolume.service.api.AllowedMethods;
import com.stockvolume.service.model.ModelUnavailableException;
import com.stockvolume.service.model.UnknownModelException;
import com.stockvolume.service.model.VersionRefusedException;
import com.stockvolume.service.oip.InferenceProtocolException;
import com.stockvolume.service.prediction.InvalidInputException;
import com.stockvolume.service.prediction.TooManyRowsException;
import io.vertx.core.http.HttpClosedException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every error as application/problem+json with a message a client can act on, naming the field
 * (under /v2, the Open Inference Protocol's {"error": "..."} instead).
 * No stack trace or class name ever reaches a response; unexpected failures are logged here.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final AllowedMethods allowedMethods;

    public ProblemMappers(AllowedMethods allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    static final String INVALID_REQUEST = "/problems/invalid-request";
    static final String TOO_MANY_ROWS = "/problems/too-many-rows";
    static final String MODEL_UNAVAILABLE = "/problems/model-unavailable";
    static final String NOT_FOUND = "/problems/not-found";
    static final String VERSION_REFUSED = "/problems/version-refused";
    public static final String OVERLOADED = "/problems/overloaded";

    @ServerExceptionMapper
    public Response invalidInput(InvalidInputException e, UriInfo uri) {
        return respond(uri, INVALID_REQUEST, 400, e.getMessage(), e.errors());
    }

    @ServerExceptionMapper
    public Response tooManyRows(TooManyRowsException e, UriInfo uri) {
        return respond(uri, TOO_MANY_ROWS, 413, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response modelUnavailable(ModelUnavailableException e, UriInfo uri) {
        Response response = respond(uri, MODEL_UNAVAILABLE, 503, e.getMessage(), null);
        return Response.fromResponse(response).header("Retry-After", "10").build();
    }

    @ServerExceptionMapper
    public Response overloaded(OverloadedException e, UriInfo uri) {
        Response response = respond(uri, OVERLOADED, 503, e.getMessage(), null);
        return Response.fromResponse(response).header("Retry-After", Long.toString(e.retryAfterSeconds())).build();
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        return respond(uri, NOT_FOUND, 404, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response versionRefused(VersionRefusedException e, UriInfo uri) {
        return respond(uri, VERSION_REFUSED, 422, e.getMessage(), null);
    }

    @ServerExceptionMapper
    public Response inferenceProtocol(InferenceProtocolException e) {
        return v2Error(e.status(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        return malformed(e, uri);
    }

    private static Response malformed(JsonProcessingException e, UriInfo uri) {
        String where = e.getLocation() == null
                ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return respond(uri, INVALID_REQUEST, 400, "the body is not valid JSON" + where + ": "
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
        return respond(uri, INVALID_REQUEST, 400, field + " " + expected(e.getTargetType()),
                List.of(field + ": " + expected(e.getTargetType())));
    }

    @ServerExceptionMapper
    public Response otherJson(JsonProcessingException e, UriInfo uri) {
        return respond(uri, INVALID_REQUEST, 400, "the body is not a valid request", null);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri) {
        return respond(uri, "about:blank", 415, "send the body as application/json", null);
    }

    /** A 415 in the format of the endpoint at {@code path}. */
    static Response unsupportedMediaType(String path, String detail) {
        return usesProtocolErrors(path) ? v2Error(415, detail) : Problem.response("about:blank", 415, detail, null);
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
        Response response = respond(uri, "about:blank", status, detail, null);
        // RFC 9110: a 405 lists the methods the resource allows
        return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        if (clientWentAway(e)) {
            // nobody is left to answer: a client that closed its connection mid-body is not our failure
            LOG.debugf("the client closed the connection: %s", e);
            return respond(uri, INVALID_REQUEST, 400, "the connection closed before the body was complete", null);
        }
        LOG.error("unexpected failure", e);
        return respond(uri, "about:blank", 500, "internal error; the service log has the details", null);
    }

    /** The Open Inference Protocol's error body under /v2, an RFC 9457 problem everywhere else. */
    private static Response respond(UriInfo uri, String type, int status, String detail, List<String> errors) {
        if (uri != null && usesProtocolErrors(uri.getPath())) {
            // the protocol's one message: the named errors when there are any (each names its field), else the detail
            return v2Error(status, errors == null || errors.isEmpty() ? detail : String.join("; ", errors));
        }
        return Problem.response(type, status, detail, errors);
    }

    private static boolean clientWentAway(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }

    /** Under /v2 errors are the Open Inference Protocol's {"error": "..."}. */
    public static boolean usesProtocolErrors(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }

    private static Response v2Error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Map.of("error", message)).build();
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
