package com.stockvolume.service.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Checks an Authorization header against the admin token. Pure, so its rules are unit-tested. */
public final class AdminToken {

    /** What a request's credentials amount to. */
    public enum Verdict {
        MISSING, WRONG, GRANTED
    }

    private final byte[] expectedDigest;

    public AdminToken(String token) {
        this.expectedDigest = digest(token);
    }

    /**
     * Compares digests with {@link MessageDigest#isEqual}, whose time does not depend on where
     * the inputs differ; digesting first also hides the token's length.
     */
    public Verdict check(String authorization) {
        if (authorization == null || authorization.length() < 7
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.MISSING;
        }
        String presented = authorization.substring(7).trim();
        if (presented.isEmpty()) {
            return Verdict.MISSING;
        }
        return MessageDigest.isEqual(digest(presented), expectedDigest) ? Verdict.GRANTED : Verdict.WRONG;
    }

    private static byte[] digest(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
