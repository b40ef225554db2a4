package com.stockvolume.trainer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "features", mixinStandardHelpOptions = true,
        header = "Compute the two model features for every bar of a dataset.",
        description = {
                "Computes vol_moving_avg and adj_close_rolling_med for every bar of a dataset in the Kaggle",
                "stock-market-dataset layout and writes them as CSV, one symbol at a time."})
final class FeaturesCommand implements Callable<Integer> {

    static final String HEADER = "symbol,date,volume,adj_close,vol_moving_avg,adj_close_rolling_med,window_rows";

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset folder (stocks/, etfs/, symbols_valid_meta.csv).")
    Path data;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE",
            description = "Output CSV; '-' for standard output (default: ${DEFAULT-VALUE}).")
    String out;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.err);
        try (Writer writer = open(out)) {
            writer.write(HEADER);
            writer.write('\n');
            StringBuilder line = new StringBuilder(128);
            DatasetFeatures.stream(data, progress, (symbol, row) -> {
                line.setLength(0);
                line.append(symbol.symbol()).append(',').append(row.date()).append(',')
                        .append(row.volume()).append(',').append(row.adjClose()).append(',')
                        .append(row.volMovingAvg()).append(',').append(row.adjCloseRollingMed()).append(',')
                        .append(row.windowRows()).append('\n');
                writer.append(line);
            });
        }
        return 0;
    }

    private static Writer open(String out) throws IOException {
        if (out.equals("-")) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        }
        return Files.newBufferedWriter(Path.of(out));
    }
}
