package com.stockvolume.service.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The management interface (probes and metrics), on its own port: 9001 under test, as Quarkus
 * sets it for @QuarkusTest and @QuarkusIntegrationTest alike.
 */
public final class Management {

    private Management() {
    }

    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.management.test-port", Integer.class).orElse(9001);
    }

    /** REST Assured aimed at the management port. */
    public static RequestSpecification given() {
        return RestAssured.given().port(port());
    }
}
