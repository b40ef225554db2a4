package com.stockvolume.trainer;

import com.microsoft.ml.lightgbm.PredictionType;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.WindowFeatures;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The model a new one must beat (the original project's, ../shared/seed/seed_model_lgbm.txt), scored by LightGBM itself. */
record OriginalModel(Path file, String text, String sha256) {

    static OriginalModel read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("original model not found: " + file);
        }
        return new OriginalModel(file, Files.readString(file), ModelFiles.sha256(file));
    }

    /** What the original model says for row-major {@code rows} of (vol_moving_avg, adj_close_rolling_med). */
    double[] predict(double[] rows) throws LGBMException {
        try (LGBMBooster booster = LGBMBooster.loadModelFromString(text)) {
            return booster.predictForMat(rows, rows.length / WindowFeatures.COLUMNS, WindowFeatures.COLUMNS, true,
                    PredictionType.C_API_PREDICT_NORMAL);
        }
    }

    String describe() {
        return file.getFileName() + " (sha256 " + sha256 + ")";
    }
}
