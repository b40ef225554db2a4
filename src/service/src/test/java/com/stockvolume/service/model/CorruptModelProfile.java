package com.stockvolume.service.model;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** A repository whose only version is a corrupt ONNX file, with the service told to stay up. */
public class CorruptModelProfile implements QuarkusTestProfile {

    public static final String REPOSITORY = "src/test/resources/repositories/corrupt-onnx";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("model.repository", REPOSITORY, "model.exit-on-load-failure", "false");
    }
}
