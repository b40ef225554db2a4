package com.stockvolume.service.payloadlog;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class DeadSinkIT extends DeadSinkTest {
}
