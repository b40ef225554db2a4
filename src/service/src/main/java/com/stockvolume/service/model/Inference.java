package com.stockvolume.service.model;

/**
 * The outputs of one inference call, in the model card's order, and the model version that made them.
 * The first output is the prediction; a model with an interval answers its bounds second and third.
 */
public record Inference(LoadedModel model, double[][] outputs) {

    /** The first output: the predicted values, one per row. */
    public double[] values() {
        return outputs[0];
    }
}
