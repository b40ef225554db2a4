package com.stockvolume.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** The model the service serves by default, model/stock-volume/1, and its card: the expected values. */
public final class CommittedModel {

    public static final Path DIRECTORY = Path.of("model", "stock-volume", "1");
    public static final ModelCard CARD = read(DIRECTORY);

    private CommittedModel() {}

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
}
