package com.stockvolume.service;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class BinaryTensorDataIT extends BinaryTensorDataTest {
}
