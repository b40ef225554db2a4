package com.stockvolume.service.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.stockvolume.service.admin.AdminToken.Verdict;
import org.junit.jupiter.api.Test;

class AdminTokenTest {

    private final AdminToken token = new AdminToken("s3cret-token");

    @Test
    void theRightBearerTokenIsGranted() {
        assertEquals(Verdict.GRANTED, token.check("Bearer s3cret-token"));
        assertEquals(Verdict.GRANTED, token.check("bearer s3cret-token"), "the scheme is case-insensitive (RFC 9110)");
        assertEquals(Verdict.GRANTED, token.check("Bearer  s3cret-token "));
    }

    @Test
    void noBearerTokenIsMissing() {
        for (String header : new String[]{null, "", "Bearer", "Bearer ", "Bearer    ", "Basic czNjcmV0LXRva2Vu",
                "s3cret-token"}) {
            assertEquals(Verdict.MISSING, token.check(header), String.valueOf(header));
        }
    }

    @Test
    void anyOtherTokenIsWrong() {
        for (String presented : new String[]{"s3cret-tokeN", "s3cret-token2", "s3cret-toke", "x", "S3CRET-TOKEN"}) {
            assertEquals(Verdict.WRONG, token.check("Bearer " + presented), presented);
        }
    }
}
