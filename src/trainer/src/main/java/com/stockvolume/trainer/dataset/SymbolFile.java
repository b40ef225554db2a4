package com.stockvolume.trainer.dataset;

import java.nio.file.Path;

/** A symbol listed in the meta file and the price file that holds its bars. */
public record SymbolFile(String symbol, boolean etf, Path path) {
}
