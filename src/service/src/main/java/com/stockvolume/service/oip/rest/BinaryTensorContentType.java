package com.stockvolume.service.oip.rest;

import com.stockvolume.service.failure.ErrorBodies;
import com.stockvolume.service.oip.BinaryTensorData;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Triton's Python client sends binary tensor data with {@code Inference-Header-Content-Length}
 * and no Content-Type; such a body is application/octet-stream, and must not reach the JSON
 * method (which a request without a type would, losing the data after the JSON).
 */
public class BinaryTensorContentType {

    @ServerRequestFilter(preMatching = true)
    public void binaryWithoutType(ContainerRequestContext request) {
        if (request.getHeaderString(BinaryTensorData.HEADER) != null
                && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
                && ErrorBodies.speaksProtocol(request.getUriInfo().getPath())) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_OCTET_STREAM);
        }
    }
}
