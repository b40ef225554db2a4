package com.stockvolume.service.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * Both committed versions of stock-volume served (2 the default), the admin endpoints on, and at most 5,000 rows
 * waiting for a roll-out's second scoring.
 */
public class RolloutProfile implements QuarkusTestProfile {

    public static final String TOKEN = "rollout-test-token-7d2e";
    static final int QUEUE_ROWS = 5_000;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("model.policy.stock-volume", "all", "admin.token", TOKEN, "rollout.queue-rows",
                Integer.toString(QUEUE_ROWS));
    }
}
