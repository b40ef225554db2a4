package com.stockvolume.service.model;

import com.stockvolume.service.support.ModelRepositoryFixture;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/** A repository in target/ that the tests change, and the admin endpoints on with a known token. */
public class ReloadProfile implements QuarkusTestProfile {

    public static final String TOKEN = "reload-test-token-5f1c";
    public static final Path REPOSITORY = Path.of("target", "reload-repository").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        ModelRepositoryFixture.prepare(REPOSITORY);
        return Map.of("model.repository", REPOSITORY.toString(), "admin.token", TOKEN);
    }
}
