package com.stockvolume.trainer.export;

import com.stockvolume.card.ModelCard.Evaluation;
import com.stockvolume.card.ModelCard.FeatureSpec;
import com.stockvolume.card.ModelCard.Metrics;
import com.stockvolume.card.ModelCard.TrainingData;
import java.util.List;
import java.util.Map;

/** What the caller knows about a model that the export itself cannot tell. */
public record CardDetails(
        String name,
        String version,
        List<FeatureSpec> features,
        TrainingData trainingData,
        Map<String, String> parameters,
        Metrics metrics,
        Evaluation evaluation) {
}
