package com.stockvolume.service.metrics;

import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * OpenMetrics for a scraper that prefers it. Quarkus' /q/metrics serves OpenMetrics only for the exact
 * media type {@value #OPENMETRICS} and answers 406 to {@code application/openmetrics-text} as clients
 * (and Prometheus itself, with a version but no charset) send it; this route rewrites such an Accept
 * header to the exact type when OpenMetrics is its most preferred media range.
 */
@ApplicationScoped
public class OpenMetricsNegotiation {

    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    void install(@Observes ManagementInterface management) {
        management.router().route("/q/metrics").order(-10).handler(context -> {
            String accept = context.request().getHeader(HttpHeaders.ACCEPT);
            if (accept != null && prefersOpenMetrics(accept)) {
                context.request().headers().set(HttpHeaders.ACCEPT, OPENMETRICS);
            }
            context.next();
        });
    }

    /** Whether the media range with the highest q (the first of equals) is application/openmetrics-text. */
    static boolean prefersOpenMetrics(String accept) {
        String best = null;
        double bestQ = -1;
        for (String range : accept.split(",")) {
            String[] parts = range.trim().split(";");
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].trim();
                if (parameter.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > bestQ) {
                bestQ = q;
                best = parts[0].trim();
            }
        }
        return "application/openmetrics-text".equalsIgnoreCase(best) && bestQ > 0;
    }
}
