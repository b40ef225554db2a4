package com.stockvolume.service.model;

import com.stockvolume.service.support.ModelRepositoryFixture;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** Repository polling on, every second, with the admin endpoints off. */
public class PollingProfile implements QuarkusTestProfile {

    public static final Path REPOSITORY = Path.of("target", "polling-repository").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        ModelRepositoryFixture.prepare(REPOSITORY);
        return Map.of("model.repository", REPOSITORY.toString(), "model.poll-interval", "1s");
    }
}
