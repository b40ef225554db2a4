package com.stockvolume.trainer;

import com.stockvolume.features.Bar;
import com.stockvolume.features.FeatureRow;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.dataset.DatasetException;
import com.stockvolume.trainer.dataset.ReadReport;
import com.stockvolume.trainer.dataset.StockDataset;
import com.stockvolume.trainer.dataset.SymbolFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Every symbol's bars of a dataset, one symbol at a time, with progress lines: what features and train share. */
final class DatasetFeatures {

    /** Receives each symbol's rows in date order. */
    interface RowSink {

        void accept(SymbolFile symbol, FeatureRow row) throws IOException;
    }

    /** Receives each symbol's bars (those with a Volume and an Adj Close), in file order. */
    interface BarsSink {

        void accept(SymbolFile symbol, List<Bar> bars) throws IOException;
    }

    private DatasetFeatures() {
    }

    /** The same-day window features of every bar. @return how many symbols had at least one row */
    static int stream(Path data, Progress progress, RowSink sink) throws DatasetException, IOException {
        return streamBars(data, progress, (symbol, bars) -> {
            for (FeatureRow row : WindowFeatures.compute(bars)) {
                sink.accept(symbol, row);
            }
        });
    }

    /** @return how many symbols had at least one bar */
    static int streamBars(Path data, Progress progress, BarsSink sink) throws DatasetException, IOException {
        ReadReport report = new ReadReport(progress.stream());
        StockDataset dataset = StockDataset.open(data, report);
        List<SymbolFile> symbols = dataset.symbols();
        int withRows = 0;
        for (int i = 0; i < symbols.size(); i++) {
            SymbolFile symbol = symbols.get(i);
            List<Bar> bars = dataset.read(symbol, report);
            withRows += bars.isEmpty() ? 0 : 1;
            sink.accept(symbol, bars);
            if ((i + 1) % 100 == 0 || i + 1 == symbols.size()) {
                progress.log("features: symbols %d/%d, rows %d", i + 1, symbols.size(), report.rows());
            }
        }
        progress.log("%s", report.summary());
        return withRows;
    }
}
