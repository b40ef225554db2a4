package com.stockvolume.service.http;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class HttpSemanticsIT extends HttpSemanticsTest {
}
