package com.stockvolume.service.metrics;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.stockvolume.service.pipeline.RolloutProfile;
import com.stockvolume.service.support.Bars;
import com.stockvolume.service.support.Metrics;
import com.stockvolume.service.support.Promtool;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard in src/main/monitoring: the rules pass
 * {@code promtool check rules} and their unit tests ({@code promtool test rules}: each alert fires
 * and stays silent where it should), every dashboard query is valid PromQL, and every metric the
 * rules and the dashboard read, or an alert's text names, is one this service really exports.
 */
@QuarkusTest
@TestProfile(RolloutProfile.class) // a shadow running: the comparison's meters exist
class MonitoringTest {

    private static final Path MONITORING = Path.of("src", "main", "monitoring");
    private static final Path RULES = MONITORING.resolve("alerts.yml");
    private static final Path DASHBOARD = MONITORING.resolve("grafana-dashboard.json");
    /** Metrics of other exporters the rules read: Prometheus' own and kube-state-metrics'. */
    private static final Set<String> NOT_OURS = Set.of("up", "kube_deployment_spec_replicas",
            "kube_deployment_status_replicas_ready");
    private static final Pattern METRIC = Pattern.compile("\\b([a-z_]+)\\{");
    /** A metric named in an alert's text: a snake_case word (labels and functions in the text have no underscore). */
    private static final Pattern NAMED = Pattern.compile("\\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\\b");

    @Test
    void theAlertRulesAreValidAndTheirUnitTestsPass() throws Exception {
        Promtool.Result check = Promtool.run(Path.of("."), List.of("check", "rules", RULES.toString()));
        assertEquals(0, check.exitCode(), check.output());
        long rules = Files.readAllLines(RULES).stream().filter(line -> line.matches("\\s*- (alert|record):.*")).count();
        assertTrue(check.output().contains("SUCCESS: " + rules + " rules found"), rules + " rules: " + check.output());
        Promtool.Result test = Promtool.run(Path.of("src", "test", "monitoring"), List.of("test", "rules", "alerts-test.yml"));
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        List<String> queries = dashboardQueries();
        assertTrue(queries.size() >= 12, "queries: " + queries);
        // promtool parses PromQL in rule files: each query becomes a recording rule, Grafana's
        // $__rate_interval a fixed range
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query").append(i).append('\n')
                    .append("        expr: '").append(queries.get(i).replace("$__rate_interval", "5m").replace("'", "''"))
                    .append("'\n");
        }
        Path file = Files.createTempFile("dashboard-queries", ".yml");
        try {
            Files.writeString(file, rules);
            Promtool.Result check = Promtool.run(Path.of("."), List.of("check", "rules", file.toString()));
            assertEquals(0, check.exitCode(), check.output() + "\n" + rules);
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void theRulesAndTheDashboardReadMetricsTheServiceExports() throws Exception {
        // traffic that creates every series: a shadow's comparison, a single row, a batch with an input out of the
        // training range, a from-bars call with actual volumes
        given().header("Authorization", "Bearer " + RolloutProfile.TOKEN).contentType(ContentType.JSON)
                .body(Map.of("version", "1", "sample", 1.0)).when().put("/admin/models/stock-volume/shadow").then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("symbol", "AAPL", "bars", Bars.aapl())).when()
                .post("/v1/predictions/from-bars").then().statusCode(200);
        given().queryParam("vol_moving_avg", "1000000").queryParam("adj_close_rolling_med", "12.5").when().get("/predict")
                .then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"instances\":[{\"vol_moving_avg\":1e13,\"adj_close_rolling_med\":12.5}]}")
                .when().post("/v1/predictions").then().statusCode(200);
        String scrape = Metrics.scrape();
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                exported.add(line.split("[{ ]")[0]);
            }
        }
        Set<String> read = new TreeSet<>();
        List<String> expressions = new ArrayList<>(dashboardQueries());
        for (JsonNode rule : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).at("/groups/0/rules")) {
            expressions.add(rule.get("expr").asText());
        }
        for (String expression : expressions) {
            Matcher m = METRIC.matcher(expression);
            while (m.find()) {
                read.add(m.group(1));
            }
        }
        // and every metric an alert's summary or description names, so an operator told to look at one finds it
        for (JsonNode rule : new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile()).at("/groups/0/rules")) {
            for (JsonNode text : rule.path("annotations")) {
                Matcher m = NAMED.matcher(text.asText());
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        read.removeAll(NOT_OURS);
        assertTrue(read.size() >= 10, "read: " + read);
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(exported);
        assertEquals(Set.of(), missing, "read by the rules or the dashboard, but not exported: " + missing);
    }

    private static List<String> dashboardQueries() throws Exception {
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).get("panels")) {
            for (JsonNode target : panel.get("targets")) {
                queries.add(target.get("expr").asText());
            }
        }
        return queries;
    }
}
