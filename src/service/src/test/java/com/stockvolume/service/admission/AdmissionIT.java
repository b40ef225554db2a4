package com.stockvolume.service.admission;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AdmissionIT extends AdmissionTest {
}
