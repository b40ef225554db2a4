package com.stockvolume.service.oip;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class BinaryTensorDataIT extends BinaryTensorDataTest {
}
