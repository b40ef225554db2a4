package com.stockvolume.service.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.service.support.CommittedModel;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The committed same-day model, its card given reference deciles as the trainer writes them: its two
 * features uniform over [1e6, 5e6] and [10, 100] in this pretend training set.
 */
public class DriftProfile implements QuarkusTestProfile {

    public static final Path REPOSITORY = Path.of("target", "drift-repository").toAbsolutePath();
    static final double[][] RANGES = {{1e6, 5e6}, {10, 100}};

    @Override
    public Map<String, String> getConfigOverrides() {
        Path version = REPOSITORY.resolve("stock-volume").resolve(CommittedModel.VERSION);
        try {
            Files.createDirectories(version);
            Files.copy(CommittedModel.DIRECTORY.resolve(ModelFiles.MODEL), version.resolve(ModelFiles.MODEL),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            ObjectMapper json = new ObjectMapper();
            ObjectNode card = (ObjectNode) json.readTree(CommittedModel.DIRECTORY.resolve(ModelFiles.CARD).toFile());
            ArrayNode features = (ArrayNode) card.get("features");
            for (int f = 0; f < features.size(); f++) {
                ArrayNode deciles = ((ObjectNode) features.get(f)).putArray("referenceQuantiles");
                for (int q = 1; q <= 9; q++) {
                    deciles.add(RANGES[f][0] + q / 10.0 * (RANGES[f][1] - RANGES[f][0]));
                }
            }
            json.writerWithDefaultPrettyPrinter().writeValue(version.resolve(ModelFiles.CARD).toFile(), card);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("model.repository", REPOSITORY.toString(), "model.names", "stock-volume");
    }
}
