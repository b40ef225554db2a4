package com.stockvolume.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PerModelPolicyIT extends PerModelPolicyTest {
}
