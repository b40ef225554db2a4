package com.stockvolume.trainer.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.features.Bar;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StockDatasetTest {

    static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n";
    static final String META = "Nasdaq Traded,Symbol,Security Name,Listing Exchange,Market Category,ETF,"
            + "Round Lot Size,Test Issue,Financial Status,CQS Symbol,NASDAQ Symbol,NextShares\n";

    @TempDir
    Path root;

    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
    private final ReadReport report = new ReadReport(new PrintStream(warnings, true, StandardCharsets.UTF_8));

    /** Writes a minimal dataset: the meta file and one price file per symbol. */
    static void writeDataset(Path root, String metaRows, String... files) throws IOException {
        Files.createDirectories(root.resolve("stocks"));
        Files.createDirectories(root.resolve("etfs"));
        Files.writeString(root.resolve(StockDataset.META), META + metaRows);
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(root.resolve(files[i]), files[i + 1]);
        }
    }

    private String warnings() {
        return warnings.toString(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSymbolsOfTheMetaFileFromStocksAndEtfs() throws Exception {
        writeDataset(root,
                "Y,AAA,\"Triple A, Inc. Common Stock\",N, ,N,100.0,N,,AAA,AAA,N\n"
                        + "Y,EEE,Some ETF,P, ,Y,100.0,N,,EEE,EEE,N\n",
                "stocks/AAA.csv", HEADER + "2020-01-02,1,1,1,1,10.5,1000\n",
                "etfs/EEE.csv", HEADER + "2020-01-02,1,1,1,1,20.5,2000\n");
        StockDataset dataset = StockDataset.open(root, report);
        assertEquals(List.of("AAA", "EEE"), dataset.symbols().stream().map(SymbolFile::symbol).toList());
        assertEquals(true, dataset.symbols().get(1).etf());
        assertEquals(List.of(new Bar(LocalDate.of(2020, 1, 2), 2000, 20.5)),
                dataset.read(dataset.symbols().get(1), report));
    }

    @Test
    void aVolumeWrittenAsADecimalIsANumber() throws Exception {
        writeDataset(root, "Y,AAA,A,N, ,N,100.0,N,,AAA,AAA,N\n",
                "stocks/AAA.csv", HEADER + "2020-01-02,1,1,1,1,10.5,97200.0\n");
        StockDataset dataset = StockDataset.open(root, report);
        assertEquals(97200.0, dataset.read(dataset.symbols().get(0), report).get(0).volume());
    }

    @Test
    void rowsWithAnEmptyVolumeOrAdjCloseAreDroppedAndCountedNotWarnedAbout() throws Exception {
        writeDataset(root, "Y,AAA,A,N, ,N,100.0,N,,AAA,AAA,N\n",
                "stocks/AAA.csv", HEADER
                        + "2020-01-02,1,1,1,1,10.5,100\n"
                        + "2020-01-03,,,,,,\n"
                        + "2020-01-06,1,1,1,1,,300\n"
                        + "2020-01-07,1,1,1,1,11.5,\n");
        StockDataset dataset = StockDataset.open(root, report);
        assertEquals(1, dataset.read(dataset.symbols().get(0), report).size());
        assertEquals(3, report.missingValues());
        assertEquals(0, report.malformed());
        assertEquals("", warnings());
    }

    @Test
    void malformedLinesAreSkippedWithAWarningNamingFileAndLine() throws Exception {
        writeDataset(root, "Y,AAA,A,N, ,N,100.0,N,,AAA,AAA,N\n",
                "stocks/AAA.csv", HEADER
                        + "2020-01-02,1,1,1,1,10.5,100\n" // line 2: fine
                        + "2020-01-03,1,1,1,10.5,100\n" // line 3: six columns
                        + "2020-13-45,1,1,1,1,10.5,100\n" // line 4: no such date
                        + "2020-01-07,1,1,1,1,ten,100\n" // line 5: not a number
                        + "2020-01-08,1,1,1,1,10.5,1e999\n" // line 6: not finite
                        + "2020-01-09,1,1,1,1,12.5,900\n"); // line 7: fine
        StockDataset dataset = StockDataset.open(root, report);
        List<Bar> bars = dataset.read(dataset.symbols().get(0), report);
        assertEquals(List.of(LocalDate.of(2020, 1, 2), LocalDate.of(2020, 1, 9)), bars.stream().map(Bar::date).toList());
        assertEquals(4, report.malformed());
        String text = warnings();
        for (int line : new int[]{3, 4, 5, 6}) {
            assertTrue(text.contains("stocks/AAA.csv:" + line + ": skipped malformed line"), text);
        }
        assertTrue(report.summary().contains("4 malformed lines skipped"), report.summary());
    }

    @Test
    void aSymbolWithoutAPriceFileIsWarnedAboutAndCounted() throws Exception {
        writeDataset(root, "Y,AAA,A,N, ,N,100.0,N,,AAA,AAA,N\nY,ZZZ,Z,N, ,N,100.0,N,,ZZZ,ZZZ,N\n",
                "stocks/AAA.csv", HEADER + "2020-01-02,1,1,1,1,10.5,100\n");
        StockDataset dataset = StockDataset.open(root, report);
        assertEquals(1, dataset.symbols().size());
        assertEquals(1, report.missingFiles());
        assertTrue(warnings().contains("symbol ZZZ: no price file at stocks/ZZZ.csv"), warnings());
    }

    @Test
    void aMissingFolderOrMetaFileIsAOneLineError() throws Exception {
        DatasetException noFolder = assertThrows(DatasetException.class,
                () -> StockDataset.open(root.resolve("nowhere"), report));
        assertEquals("dataset folder not found: " + root.resolve("nowhere"), noFolder.getMessage());
        DatasetException noMeta = assertThrows(DatasetException.class, () -> StockDataset.open(root, report));
        assertEquals("meta file not found: " + root.resolve(StockDataset.META), noMeta.getMessage());
    }
}
