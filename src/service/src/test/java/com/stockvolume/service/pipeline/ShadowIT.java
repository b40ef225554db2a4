package com.stockvolume.service.pipeline;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ShadowIT extends ShadowTest {
}
