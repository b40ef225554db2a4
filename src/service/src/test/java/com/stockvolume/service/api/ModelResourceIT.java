package com.stockvolume.service.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ModelResourceIT extends ModelResourceTest {
}
