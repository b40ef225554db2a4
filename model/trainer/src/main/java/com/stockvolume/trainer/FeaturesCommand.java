package com.stockvolume.trainer;

import com.stockvolume.features.Bar;
import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.dataset.ReadReport;
import com.stockvolume.trainer.dataset.StockDataset;
import com.stockvolume.trainer.dataset.SymbolFile;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        ReadReport report = new ReadReport(System.err);
        StockDataset dataset = StockDataset.open(data, report);
        List<SymbolFile> symbols = dataset.symbols();
        try (Writer writer = open(out)) {
            writer.write(HEADER);
            writer.write('\n');
            StringBuilder line = new StringBuilder(128);
            int done = 0;
            for (SymbolFile symbol : symbols) {
                List<Bar> bars = dataset.read(symbol, report);
                for (FeatureRow row : WindowFeatures.compute(bars)) {
                    line.setLength(0);
                    line.append(symbol.symbol()).append(',').append(row.date()).append(',')
                            .append(row.volume()).append(',').append(row.adjClose()).append(',')
                            .append(row.volMovingAvg()).append(',').append(row.adjCloseRollingMed()).append(',')
                            .append(row.windowRows()).append('\n');
                    writer.append(line);
                }
                if (++done % 100 == 0 || done == symbols.size()) {
                    progress.log("symbols %d/%d, rows %d", done, symbols.size(), report.rows());
                }
            }
        }
        progress.log("%s", report.summary());
        return 0;
    }

    private static Writer open(String out) throws java.io.IOException {
        if (out.equals("-")) {
            return new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        }
        return Files.newBufferedWriter(Path.of(out));
    }
}
