package com.stockvolume.trainer.dataset;

import com.stockvolume.features.Bar;
import com.stockvolume.features.IsoDates;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A dataset in the Kaggle "stock-market-dataset" layout: {@code symbols_valid_meta.csv} lists the
 * symbols, and {@code stocks/<SYMBOL>.csv} or {@code etfs/<SYMBOL>.csv} holds each one's bars.
 * It is read one symbol at a time so memory stays bounded by the largest symbol.
 */
public final class StockDataset {

    public static final String META = "symbols_valid_meta.csv";
    private static final CSVFormat WITH_HEADER = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();

    private final Path root;
    private final List<SymbolFile> symbols;

    private StockDataset(Path root, List<SymbolFile> symbols) {
        this.root = root;
        this.symbols = symbols;
    }

    public static StockDataset open(Path root, ReadReport report) throws DatasetException {
        if (!Files.isDirectory(root)) {
            throw new DatasetException("dataset folder not found: " + root);
        }
        Path meta = root.resolve(META);
        if (!Files.isRegularFile(meta)) {
            throw new DatasetException("meta file not found: " + meta);
        }
        return new StockDataset(root, readMeta(root, meta, report));
    }

    /** The symbols of the meta file that have a price file, in the meta file's order. */
    public List<SymbolFile> symbols() {
        return symbols;
    }

    private static List<SymbolFile> readMeta(Path root, Path meta, ReadReport report)
            throws DatasetException {
        List<SymbolFile> symbols = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(meta);
                CSVParser parser = CSVParser.builder().setReader(in).setFormat(WITH_HEADER).get()) {
            Map<String, Integer> header = parser.getHeaderMap();
            if (!header.containsKey("Symbol") || !header.containsKey("ETF")) {
                throw new DatasetException(meta + ": header lacks the Symbol and ETF columns");
            }
            for (CSVRecord record : parser) {
                if (!record.isConsistent()) {
                    report.malformed(
                            meta + ":" + parser.getCurrentLineNumber(), "wrong column count");
                    continue;
                }
                String symbol = record.get("Symbol").trim();
                boolean etf = "Y".equalsIgnoreCase(record.get("ETF").trim());
                Path listed = root.resolve(etf ? "etfs" : "stocks").resolve(symbol + ".csv");
                Path other = root.resolve(etf ? "stocks" : "etfs").resolve(symbol + ".csv");
                if (Files.isRegularFile(listed)) {
                    symbols.add(new SymbolFile(symbol, etf, listed));
                } else if (Files.isRegularFile(other)) {
                    symbols.add(new SymbolFile(symbol, !etf, other));
                } else {
                    report.missingFile(symbol, "no price file at " + root.relativize(listed));
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(meta + ": cannot read: " + e.getMessage());
        }
        return symbols;
    }

    /**
     * The bars of one symbol that have both a Volume and an Adj Close. Malformed lines (wrong
     * column count, unparsable date or number) are skipped with a warning naming file and line.
     */
    public List<Bar> read(SymbolFile file, ReadReport report) {
        String name = root.relativize(file.path()).toString();
        List<Bar> bars = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file.path());
                CSVParser parser = CSVParser.builder().setReader(in).setFormat(WITH_HEADER).get()) {
            report.fileRead();
            Map<String, Integer> header = parser.getHeaderMap();
            Integer date = header.get("Date");
            Integer adjClose = header.get("Adj Close");
            Integer volume = header.get("Volume");
            if (date == null || adjClose == null || volume == null) {
                report.malformed(name + ":1", "header lacks Date, Adj Close or Volume; file skipped");
                return bars;
            }
            for (CSVRecord record : parser) {
                String where = name + ":" + parser.getCurrentLineNumber();
                if (record.size() != header.size()) {
                    report.malformed(where, "wrong column count (" + record.size()
                            + ", expected " + header.size() + ")");
                    continue;
                }
                String volumeText = record.get(volume).trim();
                String adjCloseText = record.get(adjClose).trim();
                try {
                    LocalDate day = IsoDates.parse(record.get(date).trim());
                    if (volumeText.isEmpty() || adjCloseText.isEmpty()) {
                        report.missingValue();
                        continue;
                    }
                    // Volume may be written as a decimal ("97200.0").
                    double v = Double.parseDouble(volumeText);
                    double a = Double.parseDouble(adjCloseText);
                    if (!Double.isFinite(v) || !Double.isFinite(a)) {
                        throw new NumberFormatException("not finite");
                    }
                    bars.add(new Bar(day, v, a));
                    report.rowKept();
                } catch (DateTimeParseException e) {
                    report.malformed(where, "unparsable date '" + record.get(date) + "'");
                } catch (NumberFormatException e) {
                    report.malformed(where, "unparsable number in Volume '" + volumeText
                            + "' or Adj Close '" + adjCloseText + "'");
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // commons-csv cannot resume after broken quoting: the rest of the file is skipped.
            report.malformed(name, "unreadable from here on (" + e.getMessage() + "); rest of file skipped");
        }
        return bars;
    }
}
