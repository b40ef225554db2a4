package com.stockvolume.service.pipeline;

import com.stockvolume.service.model.Inference;

/** What the pipeline answers a transport: the input it decoded and the version's outputs on it. */
public record Inferred<I extends ModelInput>(I input, Inference inference) {
}
