package com.stockvolume.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class FromBarsForecastIT extends FromBarsForecastTest {
}
