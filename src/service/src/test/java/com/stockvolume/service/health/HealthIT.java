package com.stockvolume.service.health;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class HealthIT extends HealthTest {
}
