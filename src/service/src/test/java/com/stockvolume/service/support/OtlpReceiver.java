package com.stockvolume.service.support;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * An OTLP/gRPC trace receiver on 127.0.0.1, built on the official opentelemetry-proto service
 * definitions: it keeps every span exported to it, as a collector's receiver would get them.
 */
public final class OtlpReceiver implements AutoCloseable {

    private final List<Span> spans = new CopyOnWriteArrayList<>();
    private final Server server;

    public OtlpReceiver() throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(new TraceServiceGrpc.TraceServiceImplBase() {

                    @Override
                    public void export(ExportTraceServiceRequest request,
                            StreamObserver<ExportTraceServiceResponse> response) {
                        for (ResourceSpans resource : request.getResourceSpansList()) {
                            for (ScopeSpans scope : resource.getScopeSpansList()) {
                                spans.addAll(scope.getSpansList());
                            }
                        }
                        response.onNext(ExportTraceServiceResponse.getDefaultInstance());
                        response.onCompleted();
                    }
                })
                .build().start();
    }

    /** The endpoint an OTLP gRPC exporter is given. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** The spans received so far of one trace (its id in hex). */
    public List<Span> trace(String traceId) {
        return spans.stream().filter(s -> hex(s.getTraceId().toByteArray()).equals(traceId)).toList();
    }

    public static String hex(byte[] id) {
        return HexFormat.of().formatHex(id);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    }
}
