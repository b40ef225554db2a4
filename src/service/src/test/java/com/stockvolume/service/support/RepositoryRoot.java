package com.stockvolume.service.support;

import java.nio.file.Path;

/**
 * The repository's root, which holds the committed models ({@code model/}) and {@code .dockerignore}: the tests run
 * in the service's module folder, {@code src/service}, two folders below it.
 */
public final class RepositoryRoot {

    public static final Path ROOT = Path.of("..", "..");

    /** The committed model repository, as the tests' service reads it (MODEL_REPOSITORY, set by the pom). */
    public static final Path MODELS = ROOT.resolve("model");

    private RepositoryRoot() {
    }

    public static Path resolve(String path) {
        return ROOT.resolve(path);
    }
}
