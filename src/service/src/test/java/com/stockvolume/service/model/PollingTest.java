package com.stockvolume.service.model;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.service.support.ModelRepositoryFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/** With model.poll-interval set, versions published to or removed from the repository are picked up unasked. */
@QuarkusTest
@TestProfile(PollingProfile.class)
class PollingTest {

    private final ModelRepositoryFixture repository = new ModelRepositoryFixture(PollingProfile.REPOSITORY);

    @Test
    void aPublishedVersionIsServedAndARemovedOneUnloadedWithoutAReloadCall() throws InterruptedException {
        repository.publishSecond();
        assertEquals("2", awaitDefaultVersion("2"));
        repository.remove(2);
        assertEquals("1", awaitDefaultVersion("1"));
    }

    /** The served default version once it is {@code expected}, or the last one seen after 20 s. */
    private static String awaitDefaultVersion(String expected) throws InterruptedException {
        String seen = null;
        for (int i = 0; i < 200 && !expected.equals(seen); i++) {
            Thread.sleep(100);
            seen = given().get("/v1/models/stock-volume").then().statusCode(200).extract().path("version");
        }
        return seen;
    }
}
