package com.stockvolume.service.model;

/** The predictions of one inference call and the model version that made them. */
public record Inference(LoadedModel model, double[] values) {
}
