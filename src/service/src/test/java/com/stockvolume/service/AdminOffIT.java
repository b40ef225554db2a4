package com.stockvolume.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AdminOffIT extends AdminOffTest {
}
