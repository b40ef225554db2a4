package com.stockvolume.service.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.service.oip.grpc.proto.GRPCInferenceServiceGrpc;
import com.stockvolume.service.oip.grpc.proto.InferTensorContents;
import com.stockvolume.service.oip.grpc.proto.ModelInferRequest;
import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.OtlpReceiver;
import com.stockvolume.service.support.PackagedService;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service with JSON logs and an OTLP endpoint, as an SRE runs it: a request carrying a
 * W3C traceparent joins the caller's trace, over REST and gRPC, and its spans (admission, features,
 * inference with model, version and rows) reach a real OTLP receiver under the server span; every log
 * line is JSON, each request has one access line with the trace's ids, and neither the admin token nor
 * a request body ever appears in the log.
 */
class ObservabilityIT {

    private static final String TOKEN = "admin-token-that-must-never-be-logged";
    private static final String SYMBOL = "BODY-MARKER-NEVER-LOGGED";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private static String traceparent(String traceId, String parentId) {
        return "00-" + traceId + "-" + parentId + "-01";
    }

    @Test
    void tracesJoinTheCallerAndLogsAreJsonWithTheirIds() throws Exception {
        String restTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String restParent = "00f067aa0ba902b7";
        String grpcTrace = "0af7651916cd43dd8448eb211c80319c";
        String grpcParent = "b7ad6b7169203331";
        int port = PackagedService.freePort();
        int managementPort = PackagedService.freePort();
        Path log = temp.resolve("service.log");
        try (OtlpReceiver receiver = new OtlpReceiver()) {
            Process service = new ProcessBuilder(PackagedService.command(
                    "quarkus.http.port=" + port, "quarkus.http.host=127.0.0.1",
                    "quarkus.management.port=" + managementPort, "quarkus.management.host=127.0.0.1",
                    "quarkus.log.console.json.enabled=true", "observability.access-log=true",
                    "quarkus.otel.exporter.otlp.traces.endpoint=" + receiver.endpoint(),
                    "quarkus.otel.bsp.schedule.delay=100ms",
                    "admin.token=" + TOKEN))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                PackagedService.awaitReady(http, "http://127.0.0.1:" + managementPort);
                String base = "http://127.0.0.1:" + port;

                List<Map<String, Object>> bars = Bars.aapl();
                HttpResponse<String> fromBars = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/predictions/from-bars"))
                        .header("Content-Type", "application/json").header("traceparent", traceparent(restTrace, restParent))
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                                Map.of("symbol", SYMBOL, "bars", bars, "dates", "all"))))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, fromBars.statusCode(), fromBars.body());
                HttpResponse<String> reload = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/admin/models/stock-volume/reload"))
                                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, reload.statusCode(), reload.body());
                grpcInfer(port, traceparent(grpcTrace, grpcParent));

                // the server spans end last (after the answer is written), so they may come a batch later
                Conditions.waitUntil(() -> names(receiver.trace(restTrace)).containsAll(
                        List.of("POST /v1/predictions/from-bars", "admission", "features", "inference"))
                        && names(receiver.trace(grpcTrace)).containsAll(
                                List.of("inference.GRPCInferenceService/ModelInfer", "admission", "inference"))
                        && connected(receiver.trace(restTrace), restParent)
                        && connected(receiver.trace(grpcTrace), grpcParent));
                assertSpanTree(receiver.trace(restTrace), restParent, "POST /v1/predictions/from-bars", bars.size(),
                        List.of("admission", "features", "inference"));
                assertSpanTree(receiver.trace(grpcTrace), grpcParent, "inference.GRPCInferenceService/ModelInfer", 2,
                        List.of("admission", "inference"));
                // the request's server span says what was asked and answered, by route template
                Span server = receiver.trace(restTrace).stream()
                        .filter(s -> s.getName().equals("POST /v1/predictions/from-bars")).findFirst().orElseThrow();
                assertEquals(Optional.of("POST"), attribute(server, "http.request.method").map(v -> v.getStringValue()));
                assertEquals(Optional.of("/v1/predictions/from-bars"),
                        attribute(server, "http.route").map(v -> v.getStringValue()));
                assertEquals(Optional.of(200L), attribute(server, "http.response.status_code").map(v -> v.getIntValue()));
            } finally {
                service.destroy();
                assertTrue(service.waitFor(60, TimeUnit.SECONDS), "the service stops on SIGTERM");
            }
        }

        List<String> lines = Files.readAllLines(log);
        String all = String.join("\n", lines);
        assertFalse(all.contains(TOKEN), "the admin token is never logged");
        assertFalse(all.contains(SYMBOL), "no request body is logged");
        JsonNode fromBarsLine = null;
        JsonNode grpcLine = null;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = JSON.readTree(line); // every line is one JSON object
            if ("access".equals(entry.path("loggerName").asText())
                    && entry.path("message").asText().contains("route=/v1/predictions/from-bars")) {
                fromBarsLine = entry;
            }
            if ("access".equals(entry.path("loggerName").asText())
                    && entry.path("message").asText().contains("route=/inference.GRPCInferenceService/ModelInfer")) {
                grpcLine = entry;
            }
        }
        assertTrue(fromBarsLine != null, "an access line for the from-bars request:\n" + all);
        assertTrue(grpcLine != null, "an access line for the gRPC call:\n" + all);
        // a gRPC call's facts come from its own Vert.x context, an HTTP request's from its RoutingContext
        assertTrue(grpcLine.path("message").asText().contains(" model=stock-volume version=" + CommittedModel.VERSION
                + " rows=2 shed=false"), grpcLine.path("message").asText());
        String message = fromBarsLine.path("message").asText();
        assertTrue(message.startsWith("method=POST route=/v1/predictions/from-bars status=200 duration_ms="), message);
        assertTrue(message.contains(" model=stock-volume version=" + CommittedModel.VERSION + " rows=" + Bars.aapl().size()
                + " shed=false trace_id=" + restTrace + " span_id="), message);
        assertTrue(all.contains("route=/admin/models/{name}/reload status=200"), "the admin call's access line");
    }

    private static void grpcInfer(int port, String traceparent) throws InterruptedException {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), traceparent);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        try {
            var sample = CommittedModel.samples();
            var response = GRPCInferenceServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withDeadlineAfter(60, TimeUnit.SECONDS)
                    .modelInfer(ModelInferRequest.newBuilder().setModelName("stock-volume")
                            .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP64")
                                    .addShape(2).addShape(2)
                                    .setContents(InferTensorContents.newBuilder()
                                            .addFp64Contents(sample.get(0).features()[0])
                                            .addFp64Contents(sample.get(0).features()[1])
                                            .addFp64Contents(sample.get(1).features()[0])
                                            .addFp64Contents(sample.get(1).features()[1])))
                            .build());
            assertEquals(sample.get(0).prediction(), response.getOutputs(0).getContents().getFp64Contents(0));
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Every span received so far has its parent among them, or is a child of the caller's span. */
    private static boolean connected(List<Span> trace, String callerSpan) {
        Set<String> ids = new HashSet<>();
        trace.forEach(s -> ids.add(id(s.getSpanId())));
        return trace.stream().map(s -> id(s.getParentSpanId())).allMatch(p -> p.equals(callerSpan) || ids.contains(p));
    }

    private static List<String> names(List<Span> spans) {
        return spans.stream().map(Span::getName).toList();
    }

    /**
     * Everything the service did for the call descends from server spans whose parent is the caller's
     * span (a gRPC call has two: the HTTP/2 request's and the gRPC method's); the service's own spans are
     * among them; the inference span names the model, its version and the rows.
     *
     * @param serverName a server span of this name is under the caller's
     */
    private static void assertSpanTree(List<Span> trace, String callerSpan, String serverName, long rows,
            List<String> ownSpans) {
        Map<String, Span> byId = new HashMap<>();
        trace.forEach(s -> byId.put(id(s.getSpanId()), s));
        List<Span> roots = trace.stream().filter(s -> id(s.getParentSpanId()).equals(callerSpan)).toList();
        assertTrue(roots.stream().allMatch(s -> s.getKind() == Span.SpanKind.SPAN_KIND_SERVER),
                "server spans: " + names(roots));
        assertTrue(names(roots).contains(serverName), serverName + " under the caller's span: " + names(roots));
        for (Span span : trace) {
            Span up = span;
            while (!roots.contains(up)) {
                up = byId.get(id(up.getParentSpanId()));
                assertTrue(up != null, span.getName() + " descends from the call's server span: " + names(trace));
            }
        }
        assertTrue(names(trace).containsAll(ownSpans), ownSpans + " in " + names(trace));
        Span inference = trace.stream().filter(s -> s.getName().equals("inference")).findFirst().orElseThrow();
        assertEquals(Optional.of("stock-volume"), attribute(inference, "model.name").map(v -> v.getStringValue()));
        assertEquals(Optional.of(CommittedModel.VERSION), attribute(inference, "model.version").map(v -> v.getStringValue()));
        assertEquals(Optional.of(rows), attribute(inference, "model.rows").map(v -> v.getIntValue()));
    }

    private static String id(com.google.protobuf.ByteString bytes) {
        return OtlpReceiver.hex(bytes.toByteArray());
    }

    private static Optional<io.opentelemetry.proto.common.v1.AnyValue> attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).findFirst();
    }
}
