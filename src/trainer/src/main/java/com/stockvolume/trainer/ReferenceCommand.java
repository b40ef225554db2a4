package com.stockvolume.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.card.ModelCard.TrainingData;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.InputColumns;
import com.stockvolume.features.ModelKind;
import com.stockvolume.trainer.export.ModelExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reference", mixinStandardHelpOptions = true,
        header = "Write a version's drift reference into its card: each input's deciles over the rows it trained on.",
        description = {
                "For a version trained before cards carried it: recomputes the inputs of the card's kind, draws the",
                "training rows again as the card's trainingData says (version 1: a seeded shuffle of all rows; later:",
                "held-out symbols and years), checks that they reproduce the card (training row count, held-out",
                "symbols, every input's training range exactly), and writes referenceQuantiles and referenceShares",
                "into the card. Nothing else of the card changes; model.onnx is not touched."})
final class ReferenceCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "The dataset the version was trained on (stocks/, etfs/, symbols_valid_meta.csv).")
    Path data;

    @Option(names = "--version-dir", required = true, paramLabel = "DIR",
            description = "The version's folder, e.g. model/stock-volume/2.")
    Path versionDir;

    @Option(names = "--hand-picked", split = ",", paramLabel = "SYMBOL", defaultValue = HoldoutSplit.HAND_PICKED,
            description = "The symbols train was given as --hand-picked (default: the 18 of ../shared/data/README.md).")
    List<String> handPicked;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.err);
        Path cardFile = versionDir.resolve(ModelFiles.CARD);
        ObjectNode tree = (ObjectNode) JSON.readTree(cardFile.toFile());
        ModelCard card = JSON.treeToValue(tree, ModelCard.class);
        ModelKind kind = ModelKind.of(card.kind());
        FeatureTable table = new FeatureTable(InputColumns.of(kind, card.inputs().get(0).columns()));
        DatasetFeatures.streamBars(data, progress, table::add);
        int[] train = trainRows(table, card.trainingData(), handPicked);
        progress.log("%d training rows drawn again, as the card's", train.length);

        ArrayNode features = (ArrayNode) tree.get("features");
        for (int c = 0; c < card.features().size(); c++) {
            FeatureSpec spec = card.features().get(c);
            double[] range = table.range(c, train);
            if (range[0] != spec.trainingMin() || range[1] != spec.trainingMax()) {
                throw new IllegalStateException(spec.name() + " takes [" + range[0] + ", " + range[1]
                        + "] on the rows drawn, but the card says [" + spec.trainingMin() + ", " + spec.trainingMax()
                        + "]: these are not the rows it was trained on; the card is left as it was");
            }
            List<Double> deciles = table.deciles(c, train);
            ObjectNode feature = (ObjectNode) features.get(c);
            feature.set("referenceQuantiles", JSON.valueToTree(deciles));
            feature.set("referenceShares", JSON.valueToTree(table.decileShares(c, train, deciles)));
            progress.log("%s: deciles %s", spec.name(), deciles);
        }
        Path staging = Files.createTempFile(versionDir, "." + ModelFiles.CARD, ".staging");
        ModelExport.CARD_WRITER.writeValue(staging.toFile(), tree);
        Files.move(staging, cardFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        progress.log("wrote %s; %s unchanged, sha256 %s", cardFile, ModelFiles.MODEL,
                ModelFiles.sha256(versionDir.resolve(ModelFiles.MODEL)));
        return 0;
    }

    /** The rows the version trained on, drawn as its card says, or an error when they do not match the card. */
    private static int[] trainRows(FeatureTable table, TrainingData trained, List<String> handPicked) {
        if (table.rows() != trained.rows()) {
            throw new IllegalStateException("the dataset gives " + table.rows() + " rows, the card " + trained.rows()
                    + ": not the dataset the version was trained on");
        }
        int[] train;
        if (trained.heldOutSymbols() == null || trained.heldOutSymbols().isEmpty()) {
            train = HoldoutSplit.shuffledTrainRows(table.rows(), trained.testFraction(), trained.seed());
        } else {
            HoldoutSplit split = HoldoutSplit.of(table, trained.testFraction(), LocalDate.parse(trained.timeHoldoutFrom()),
                    new LinkedHashSet<>(handPicked), trained.seed());
            if (!split.heldOutSymbols().equals(trained.heldOutSymbols())) {
                throw new IllegalStateException("the symbols drawn are not the card's heldOutSymbols");
            }
            train = split.train();
        }
        if (train.length != trained.trainRows()) {
            throw new IllegalStateException(train.length + " training rows drawn, the card says " + trained.trainRows());
        }
        return train;
    }
}
