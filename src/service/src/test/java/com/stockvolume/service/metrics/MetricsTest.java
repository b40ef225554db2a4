package com.stockvolume.service.metrics;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.oip.grpc.proto.ServerLiveRequest;
import com.stockvolume.service.support.Bodies;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.Conditions;
import com.stockvolume.service.support.GrpcChannel;
import com.stockvolume.service.support.Management;
import com.stockvolume.service.support.Metrics;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Prometheus metrics at /q/metrics, with the right tags, counting what was asked. */
@QuarkusTest
class MetricsTest {

    @Test
    void countsPredictionsPerEndpointAndBatchSizes() {
        String version = ",version=\"" + CommittedModel.VERSION + "\"}";
        String predictSeries = "predictions_total{endpoint=\"predict\",model=\"stock-volume\"" + version;
        String v1Series = "predictions_total{endpoint=\"v1\",model=\"stock-volume\"" + version;
        String before = Metrics.scrape();

        for (int i = 0; i < 3; i++) {
            given().queryParam("vol_moving_avg", "1000").queryParam("adj_close_rolling_med", "12")
                    .when().get("/predict").then().statusCode(200);
        }
        given().contentType(ContentType.JSON).body(Bodies.instances(7))
                .when().post("/v1/predictions").then().statusCode(200);

        String after = Metrics.scrape();
        assertEquals(3, Metrics.value(after, predictSeries) - Metrics.valueBefore(before, predictSeries));
        assertEquals(7, Metrics.value(after, v1Series) - Metrics.valueBefore(before, v1Series));
        assertEquals(4,
                Metrics.value(after, "prediction_batch_size_rows_count")
                        - Metrics.valueBefore(before, "prediction_batch_size_rows_count"));
        assertEquals(10,
                Metrics.value(after, "prediction_batch_size_rows_sum")
                        - Metrics.valueBefore(before, "prediction_batch_size_rows_sum"));
        assertTrue(Metrics.value(after, "model_inference_seconds_count")
                - Metrics.valueBefore(before, "model_inference_seconds_count") >= 4);
    }

    @Test
    void describesTheModelAndItsLoad() {
        String scrape = Metrics.scrape();
        assertEquals(1.0, Metrics.value(scrape, "model_info{name=\"stock-volume\",sha256=\"" + CommittedModel.CARD.sha256()
                + "\",version=\"" + CommittedModel.VERSION + "\"}"));
        assertTrue(Metrics.value(scrape,
                "model_load_seconds{name=\"stock-volume\",version=\"" + CommittedModel.VERSION + "\"}") > 0);
        assertTrue(scrape.contains("model_inference_quantiles_seconds{quantile=\"0.99\"}"), "p99 of inference, a summary");
        assertTrue(!scrape.contains("model_inference_seconds{quantile="), "the histogram holds no quantile samples");
        // buckets from 10 us to 1 s, where inference lies (a row takes microseconds)
        assertTrue(scrape.contains("model_inference_seconds_bucket{le=\"1.0E-5\"}"), "a 10 us bucket");
        assertTrue(scrape.contains("model_inference_seconds_bucket{le=\"1.0\"}"), "a 1 s bucket");
    }

    @Test
    void exportsTheResidentMemoryThatPodLimitsCount() {
        double rss = Metrics.value(Metrics.scrape(), "process_memory_rss_bytes");
        // above what a JVM with ONNX Runtime loaded takes, below the machine's memory (a test JVM without
        // -Xmx may grow to gigabytes: no fixed upper bound)
        long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        assertTrue(rss > 50e6 && rss < physical, "resident memory " + rss + " of " + physical + " bytes");
    }

    @Test
    void countsReloadFailuresFromZero() {
        assertEquals(0.0, Metrics.value(Metrics.scrape(), "model_reload_failures_total{model=\"stock-volume\"}"));
    }

    @Test
    void countsInputsOutsideTheTrainingRangePerFeature() {
        String series = "prediction_input_out_of_range_total{feature=\"vol_moving_avg\"}";
        String otherSeries = "prediction_input_out_of_range_total{feature=\"adj_close_rolling_med\"}";
        double max = CommittedModel.CARD.features().get(0).trainingMax();
        String before = Metrics.scrape();
        given().queryParam("vol_moving_avg", Double.toString(max * 2)).queryParam("adj_close_rolling_med", "12")
                .when().get("/predict").then().statusCode(200);
        given().queryParam("vol_moving_avg", Double.toString(max)).queryParam("adj_close_rolling_med", "12")
                .when().get("/predict").then().statusCode(200);
        String after = Metrics.scrape();
        assertEquals(1, Metrics.value(after, series) - Metrics.valueBefore(before, series));
        assertEquals(0, Metrics.valueBefore(after, otherSeries) - Metrics.valueBefore(before, otherSeries));
    }

    @Test
    void timesHttpRequestsWithHistogramsButNotProbesOrScrapes() {
        given().queryParam("vol_moving_avg", "1000").queryParam("adj_close_rolling_med", "12")
                .when().get("/predict").then().statusCode(200);
        Management.given().when().get("/q/health/ready").then().statusCode(200);
        Management.given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString(
                        "http_server_requests_seconds_bucket{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/predict\""))
                .body(not(containsString("uri=\"/q/health")))
                .body(not(containsString("uri=\"/q/metrics\"")));
    }

    @Test
    void requestsToUnknownPathsAddNoSeries() {
        given().when().get("/v1/no-such-thing").then().statusCode(404);
        long before = Metrics.scrape().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).count();
        Random random = new Random(3);
        for (int i = 0; i < 50; i++) {
            String path = "/" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "/" + i;
            given().when().get(path).then().statusCode(404);
            given().when().post("/v1/" + path).then().statusCode(404);
        }
        long after = Metrics.scrape().lines().filter(l -> l.startsWith("http_server_requests_seconds_count")).count();
        assertTrue(after <= before + 1, "series before " + before + ", after 100 requests to random paths " + after);
    }

    /** The http_server_requests series (their labels) in a scrape. */
    private static Set<String> requestSeries(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("http_server_requests_seconds_count"))
                .map(l -> l.substring(0, l.lastIndexOf(' '))).collect(Collectors.toSet());
    }

    /** A gRPC call to a method the service lacks is answered UNIMPLEMENTED with HTTP 200, so 404's collapsing does not apply. */
    @Test
    void grpcCallsToUnknownMethodsAddNoSeries() throws Exception {
        try (GrpcChannel grpc = new GrpcChannel()) {
            grpc.stub().serverLive(ServerLiveRequest.getDefaultInstance());
            grpc.call("no.such.Service/Method0");
            // the server records a call when its response has ended, which may be after the client has the answer
            Conditions.waitUntil(() -> Metrics.scrape().contains("uri=\"UNKNOWN_GRPC_METHOD\"")
                    && Metrics.scrape().contains("uri=\"/inference.GRPCInferenceService/ServerLive\""));
            Set<String> before = requestSeries(Metrics.scrape());
            Random random = new Random(7);
            for (int i = 0; i < 50; i++) {
                String method = "x" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + ".Service/M" + i;
                assertEquals(Status.Code.UNIMPLEMENTED, grpc.call(method));
            }
            String after = Metrics.scrape();
            Set<String> added = new TreeSet<>(requestSeries(after));
            added.removeAll(before);
            // none of them is a series of its own (another test's request recorded late may add one of its route)
            assertTrue(added.stream().noneMatch(series -> series.contains(".Service/M")),
                    "series added by 50 gRPC calls to random methods: " + added);
            assertTrue(after.contains("uri=\"UNKNOWN_GRPC_METHOD\""), "they count under one uri");
            // the served methods keep theirs
            assertTrue(after.contains("uri=\"/inference.GRPCInferenceService/ServerLive\""));
        }
    }

    @Test
    void aScraperThatPrefersOpenMetricsGetsIt() {
        String prometheus = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"; // what Prometheus sends
        for (String accept : List.of("application/openmetrics-text", prometheus)) {
            String body = Management.given().header("Accept", accept).get("/q/metrics")
                    .then().statusCode(200).contentType(startsWith("application/openmetrics-text"))
                    .extract().asString();
            assertTrue(body.trim().endsWith("# EOF"), "an OpenMetrics exposition ends with # EOF");
            assertTrue(body.contains("# TYPE model_inference_seconds histogram"), accept);
        }
        Management.given().header("Accept", "text/plain").get("/q/metrics")
                .then().statusCode(200).contentType(startsWith("text/plain"));
    }
}
