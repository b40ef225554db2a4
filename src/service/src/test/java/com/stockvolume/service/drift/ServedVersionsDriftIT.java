package com.stockvolume.service.drift;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ServedVersionsDriftIT extends ServedVersionsDriftTest {
}
