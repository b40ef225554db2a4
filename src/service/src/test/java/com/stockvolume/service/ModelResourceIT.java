package com.stockvolume.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ModelResourceIT extends ModelResourceTest {
}
