package com.stockvolume.service.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class LiveAccuracyIT extends LiveAccuracyTest {
}
