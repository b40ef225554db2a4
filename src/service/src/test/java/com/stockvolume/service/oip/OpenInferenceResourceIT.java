package com.stockvolume.service.oip;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class OpenInferenceResourceIT extends OpenInferenceResourceTest {
}
