package com.stockvolume.service.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A constant answer through the same HTTP stack as /predict: the floor the benchmark compares
 * /predict against, and a cheap check for a load balancer.
 */
@Path("/ping")
@Tag(name = "service")
public class PingResource {

    @GET
    @NonBlocking
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(operationId = "ping", summary = "Answers 'pong': the HTTP stack's own cost, without a model")
    public String ping() {
        return "pong";
    }
}
