package com.stockvolume.service.failure;

import java.util.List;
import java.util.Map;

/**
 * Which paths speak the Open Inference Protocol's errors, {@code {"error": "..."}} (every /v2 path), and
 * the body and media type of an error on a path: an RFC 9457 problem everywhere else.
 */
public final class ErrorBodies {

    public static final String PROTOCOL_MEDIA_TYPE = "application/json";

    private ErrorBodies() {
    }

    /** Whether {@code path} (as requested, or as an OpenAPI path template) is the Open Inference Protocol's. */
    public static boolean speaksProtocol(String path) {
        return path != null && (path.equals("/v2") || path.startsWith("/v2/"));
    }

    public static String mediaType(String path) {
        return speaksProtocol(path) ? PROTOCOL_MEDIA_TYPE : Problem.MEDIA_TYPE;
    }

    /**
     * The error body for {@code path}: the protocol's one message (the named errors when there are any,
     * each naming its field, else the detail), or a problem document.
     */
    public static Object of(String path, Failure failure, String detail, List<String> errors) {
        return of(path, failure.httpStatus(), failure.problemType(), detail, errors);
    }

    /** The same for an HTTP error the framework raised (no route, method not allowed), as {@code about:blank}. */
    public static Object of(String path, int status, String type, String detail, List<String> errors) {
        if (speaksProtocol(path)) {
            return Map.of("error", errors == null || errors.isEmpty() ? detail : String.join("; ", errors));
        }
        return Problem.of(type, status, detail, errors);
    }
}
