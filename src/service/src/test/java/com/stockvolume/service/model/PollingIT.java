package com.stockvolume.service.model;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PollingIT extends PollingTest {
}
