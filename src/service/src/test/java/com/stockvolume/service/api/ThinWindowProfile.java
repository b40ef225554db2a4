package com.stockvolume.service.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A service that wants at least 21 bars in a 30-day window. */
public class ThinWindowProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("predictions.min-window-bars", "21");
    }
}
