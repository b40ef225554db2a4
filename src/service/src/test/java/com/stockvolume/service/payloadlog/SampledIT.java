package com.stockvolume.service.payloadlog;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class SampledIT extends SampledTest {
}
