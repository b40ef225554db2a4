package com.stockvolume.service.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.GrpcStatuses;
import com.stockvolume.service.failure.Problem;
import io.grpc.StatusRuntimeException;
import io.restassured.response.Response;

/** How every answer to a failure of the catalogue looks, over REST and gRPC (FailureCatalogueTest and the tests of each failure). */
public final class FailureAnswers {

    private FailureAnswers() {
    }

    /** The REST answer to {@code failure}: its status, the path's error body, Retry-After as the catalogue says. */
    public static void assertAnswers(Failure failure, Response response) {
        String what = failure + ": " + response.asString();
        assertEquals(failure.httpStatus(), response.statusCode(), what);
        if (response.contentType().startsWith(Problem.MEDIA_TYPE)) {
            assertEquals(failure.problemType(), response.jsonPath().getString("type"), what);
            assertEquals(failure.httpStatus(), response.jsonPath().getInt("status"), what);
            assertFalse(response.jsonPath().getString("detail").isBlank(), what);
        } else {
            assertTrue(response.contentType().startsWith("application/json"), what);
            assertFalse(response.jsonPath().getString("error").isBlank(), what);
        }
        assertRetryAfter(failure, response.header("Retry-After"), what);
    }

    /** The gRPC answer to {@code failure}: its code, a message, retry-after as the catalogue says. */
    public static void assertAnswers(Failure failure, StatusRuntimeException e) {
        String what = failure + ": " + e.getStatus();
        assertEquals(failure.grpcCode(), e.getStatus().getCode(), what);
        if (failure != Failure.TOO_LARGE) { // refused by gRPC's transport, which sends no message, before the service reads it
            assertFalse(e.getStatus().getDescription() == null || e.getStatus().getDescription().isBlank(), what);
        }
        String retryAfter = e.getTrailers() == null ? null : e.getTrailers().get(GrpcStatuses.RETRY_AFTER);
        assertRetryAfter(failure, retryAfter, what);
    }

    private static void assertRetryAfter(Failure failure, String retryAfter, String what) {
        if (!failure.retries()) {
            assertNull(retryAfter, what);
        } else if (failure.retryAfterSeconds() > 0) {
            assertEquals(Long.toString(failure.retryAfterSeconds()), retryAfter, what);
        } else {
            assertNotNull(retryAfter, what);
            assertTrue(Long.parseLong(retryAfter) > 0, what);
        }
    }
}
