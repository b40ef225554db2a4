package com.stockvolume.service.metrics;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class PromtoolIT extends PromtoolTest {
}
