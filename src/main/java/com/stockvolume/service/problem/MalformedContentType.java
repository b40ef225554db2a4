package com.stockvolume.service.problem;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A Content-Type that is not a media type at all ("application/", ";;;") is a 415 naming the
 * header; left to Quarkus REST, its parser's IllegalArgumentException became a 500.
 */
public class MalformedContentType {

    @ServerRequestFilter(preMatching = true)
    public Response refuseUnparsable(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (type == null) {
            return null;
        }
        try {
            MediaType.valueOf(type);
            return null;
        } catch (IllegalArgumentException e) {
            return ProblemMappers.unsupportedMediaType(request.getUriInfo().getPath(),
                    "Content-Type '" + type + "' is not a media type");
        }
    }
}
