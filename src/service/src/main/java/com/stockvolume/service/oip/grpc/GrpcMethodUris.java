package com.stockvolume.service.oip.grpc;

import com.stockvolume.service.oip.grpc.proto.GRPCInferenceServiceGrpc;
import io.grpc.MethodDescriptor;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * gRPC calls share the HTTP server's timings, where their path is the uri: a call to a method the
 * service does not have is answered UNIMPLEMENTED with HTTP 200, not 404, so its raw path would have
 * become a series of its own (a client could grow the series without bound). Such paths count under
 * one uri, {@value #UNKNOWN}; the served methods keep theirs.
 */
public class GrpcMethodUris {

    static final String UNKNOWN = "UNKNOWN_GRPC_METHOD";

    /** A gRPC path: /package.Service/Method (a REST path's first segment has no dot). */
    private static final Pattern GRPC_PATH = Pattern.compile("^/[^/]*\\.[^/]*/[^/]*$");

    /** The methods served: the Open Inference Protocol's and gRPC's standard health service (quarkus-grpc's). */
    private static final Set<String> SERVED = served();

    private static Set<String> served() {
        Set<String> methods = GRPCInferenceServiceGrpc.getServiceDescriptor().getMethods().stream()
                .map(MethodDescriptor::getFullMethodName).map(name -> "/" + name).collect(Collectors.toSet());
        methods.addAll(List.of("/grpc.health.v1.Health/Check", "/grpc.health.v1.Health/Watch"));
        return Set.copyOf(methods);
    }

    /** The uri to record for {@code uri}: itself, or {@value #UNKNOWN} for a gRPC path the service does not serve. */
    static String uri(String uri) {
        return uri != null && GRPC_PATH.matcher(uri).matches() && !SERVED.contains(uri) ? UNKNOWN : uri;
    }

    @Produces
    @Singleton
    MeterFilter unknownGrpcMethods() {
        return new MeterFilter() {

            @Override
            public Meter.Id map(Meter.Id id) {
                if (!id.getName().startsWith("http.server.requests")) {
                    return id;
                }
                String uri = id.getTag("uri");
                String mapped = uri(uri);
                if (mapped.equals(uri)) {
                    return id;
                }
                List<Tag> tags = id.getTags().stream()
                        .map(tag -> tag.getKey().equals("uri") ? Tag.of("uri", mapped) : tag).toList();
                return id.replaceTags(tags);
            }
        };
    }
}
