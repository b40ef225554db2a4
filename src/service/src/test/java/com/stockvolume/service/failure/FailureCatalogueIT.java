package com.stockvolume.service.failure;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class FailureCatalogueIT extends FailureCatalogueTest {
}
