package com.stockvolume.service.support;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The service's Prometheus scrape under test, and the value of one series in it. */
public final class Metrics {

    private Metrics() {
    }

    public static String scrape() {
        return Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of one series; fails the test if the scrape has no such series (a misspelled name, say). */
    public static double value(String scrape, String series) {
        Matcher m = sample(series).matcher(scrape);
        assertTrue(m.find(), () -> "the scrape has no series " + series);
        return Double.parseDouble(m.group(1));
    }

    /** A series' line: its value, then an exemplar when one was recorded (a trace id in OpenMetrics). */
    private static Pattern sample(String series) {
        return Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)( # \\{.*)?$");
    }

    /** The value of one series now. */
    public static double value(String series) {
        return value(scrape(), series);
    }

    /** The value of a counter before the action that creates it: 0 while it does not exist yet. */
    public static double valueBefore(String scrape, String series) {
        Matcher m = sample(series).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
