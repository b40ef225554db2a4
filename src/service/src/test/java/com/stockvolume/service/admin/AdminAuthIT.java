package com.stockvolume.service.admin;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AdminAuthIT extends AdminAuthTest {
}
