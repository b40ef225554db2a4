package com.stockvolume.service.support;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The committed model repository's {@code stock-volume}: the version the service serves by default
 * (the highest, policy {@code latest}) and its card, the expected values; and version 1, the
 * rollback target.
 */
public final class CommittedModel {

    public static final Path MODEL = RepositoryRoot.MODELS.resolve("stock-volume");
    /** The highest committed version, which the service serves by default. */
    public static final String VERSION = highest();
    public static final Path DIRECTORY = MODEL.resolve(VERSION);
    public static final ModelCard CARD = read(DIRECTORY);
    /** Version 1, trained with the original pipeline's parameters: the version a roll-back returns to. */
    public static final Path FIRST = MODEL.resolve("1");
    /** Version 2, the ratio model: the version a roll-out brings in, in the tests that roll versions. */
    public static final Path SECOND = MODEL.resolve("2");
    /** The forecast model's versions: the one served by default (the highest), and the first. */
    public static final Path FORECAST = RepositoryRoot.MODELS.resolve("stock-volume-forecast").resolve("2");
    public static final Path FIRST_FORECAST = FORECAST.resolveSibling("1");

    private CommittedModel() {
    }

    public static List<ModelCard.Sample> samples() {
        return CARD.samples();
    }

    public static ModelCard read(Path versionDir) {
        try {
            return new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(versionDir.resolve(ModelFiles.CARD).toFile(), ModelCard.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String highest() {
        try {
            List<Integer> versions = ModelFiles.versions(MODEL);
            return versions.get(versions.size() - 1).toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
