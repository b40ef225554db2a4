package com.stockvolume.trainer;

import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.features.ModelKind;
import com.stockvolume.trainer.export.CardDetails;
import com.stockvolume.trainer.export.ModelExport;
import com.stockvolume.trainer.export.RowBuffer;
import com.stockvolume.trainer.export.Target;
import com.stockvolume.trainer.lightgbm.LightGbmModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "convert", mixinStandardHelpOptions = true,
        header = "Convert a LightGBM text model to ONNX with a model card.",
        description = {
                "Converts a LightGBM text model (e.g. saved by booster.save_model in Python) into",
                "DIR/model.onnx and DIR/model-card.json, after checking ONNX against LightGBM on a grid",
                "over the model's feature ranges, every split threshold, and the card's sample rows."})
final class ConvertCommand implements Callable<Integer> {

    private static final int SAMPLES = 20;

    @Option(names = "--lightgbm", required = true, paramLabel = "MODEL.txt", description = "LightGBM text model.")
    Path lightgbm;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Version folder to create, e.g. model/stock-volume/2 (must not exist).")
    Path out;

    @Option(names = "--name", defaultValue = "stock-volume",
            description = "Model name in the card (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--target", defaultValue = "VOLUME", paramLabel = "FORM",
            description = "What the LightGBM model predicts: VOLUME, or RATIO (Volume / vol_moving_avg; the graph"
                    + " multiplies by the vol_moving_avg input) (default: ${DEFAULT-VALUE}).")
    Target target;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.err);
        if (!Files.isRegularFile(lightgbm)) {
            throw new IllegalArgumentException("LightGBM model not found: " + lightgbm);
        }
        if (Files.exists(out)) {
            throw new IllegalArgumentException(out + " exists already; versions are immutable");
        }
        String text = Files.readString(lightgbm);
        LightGbmModel model = LightGbmModel.parse(text);
        progress.log("read %s: %d trees, %d features %s", lightgbm, model.trees().size(),
                model.featureCount(), model.featureNames());
        ModelExport export = ModelExport.prepare(text, target, new double[0], samples(model), progress.stream());
        export.write(out, new CardDetails(name, out.getFileName().toString(), features(model),
                null, model.parameters(), null, null));
        progress.log("wrote %s", out);
        return 0;
    }

    /** Rows spread over each feature's range, staggered so that they do not all lie on the diagonal. */
    private static double[] samples(LightGbmModel model) {
        int columns = model.featureCount();
        RowBuffer rows = new RowBuffer(columns);
        for (int k = 0; k < SAMPLES; k++) {
            double[] row = new double[columns];
            for (int f = 0; f < columns; f++) {
                double[] range = model.featureRanges().get(f);
                double share = ((k * 7 + f * 3) % SAMPLES) / (double) (SAMPLES - 1);
                row[f] = range == null ? 0.0 : range[0] + (range[1] - range[0]) * share;
            }
            rows.add(row);
        }
        return rows.toArray();
    }

    private static List<FeatureSpec> features(LightGbmModel model) {
        List<FeatureSpec> specs = new ArrayList<>();
        Optional<ModelKind> kind = ModelKind.withInputs(model.featureNames());
        for (int f = 0; f < model.featureCount(); f++) {
            String feature = model.featureNames().get(f);
            double[] range = model.featureRanges().get(f);
            String definition = kind.map(k -> k.definitions().get(feature))
                    .orElse("input column " + f + " of the LightGBM model");
            specs.add(new FeatureSpec(feature, definition,
                    range == null ? null : range[0], range == null ? null : range[1]));
        }
        return specs;
    }
}
