package com.stockvolume.service.pipeline;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Both committed versions of stock-volume served (2 the default), and the admin endpoints on. */
public class CanaryProfile implements QuarkusTestProfile {

    static final String TOKEN = "canary-test-token-7d2e";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("model.policy.stock-volume", "all", "admin.token", TOKEN);
    }
}
