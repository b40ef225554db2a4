package com.stockvolume.service.failure;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Headers that say a body cannot be read, refused with a 415 naming the header before it is read. */
public class BodyHeaders {

    /**
     * A Content-Type that is not a media type at all ("application/", ";;;"); left to Quarkus REST,
     * its parser's IllegalArgumentException became a 500.
     */
    @ServerRequestFilter(preMatching = true)
    public Response refuseUnparsableContentType(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return null;
        }
        try {
            MediaType.valueOf(type);
            return null;
        } catch (IllegalArgumentException e) {
            return ProblemMappers.response(request.getUriInfo().getPath(), Failure.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + type + "' is not a media type", null, 0);
        }
    }

    /**
     * A compressed body (Triton's clients offer gzip and deflate): read as it is, it would be a
     * misleading parse error, and inflated it could outgrow the admission budget its declared length
     * reserved. RFC 9110 answers an unsupported content coding with 415.
     */
    @ServerRequestFilter(preMatching = true)
    public Response refuseContentEncoding(ContainerRequestContext request) {
        String encoding = request.getHeaderString(HttpHeaders.CONTENT_ENCODING);
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return null;
        }
        return ProblemMappers.response(request.getUriInfo().getPath(), Failure.UNSUPPORTED_MEDIA_TYPE,
                "Content-Encoding '" + encoding + "' is not supported; send the body uncompressed", null, 0);
    }
}
