package com.stockvolume.trainer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.WindowFeatures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands end to end on a small generated dataset in the Kaggle layout. */
class TrainerCliTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "Date,Open,High,Low,Close,Adj Close,Volume\n";

    @TempDir
    static Path dir;

    static Path data;

    /** Three symbols, 400 weekdays each, volumes around different levels; 1,200 rows in all. */
    @BeforeAll
    static void writeDataset() throws IOException {
        data = dir.resolve("dataset");
        Files.createDirectories(data.resolve("stocks"));
        Files.createDirectories(data.resolve("etfs"));
        Files.writeString(data.resolve("symbols_valid_meta.csv"),
                "Nasdaq Traded,Symbol,Security Name,Listing Exchange,Market Category,ETF,Round Lot Size,"
                        + "Test Issue,Financial Status,CQS Symbol,NASDAQ Symbol,NextShares\n"
                        + "Y,LOW,Low Volume Inc.,N, ,N,100.0,N,,LOW,LOW,N\n"
                        + "Y,HIGH,High Volume Inc.,N, ,N,100.0,N,,HIGH,HIGH,N\n"
                        + "Y,ETFX,An ETF,P, ,Y,100.0,N,,ETFX,ETFX,N\n");
        writeSymbol("stocks/LOW.csv", 50_000, 12.0, 1);
        writeSymbol("stocks/HIGH.csv", 5_000_000, 140.0, 2);
        writeSymbol("etfs/ETFX.csv", 800_000, 55.0, 3);
    }

    private static void writeSymbol(String file, double level, double price, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder(HEADER);
        LocalDate day = LocalDate.of(2019, 1, 1);
        int written = 0;
        while (written < 400) {
            day = day.plusDays(1);
            if (day.getDayOfWeek().getValue() > 5) {
                continue;
            }
            double volume = Math.round(level * (0.5 + random.nextDouble()));
            price *= 1 + 0.01 * random.nextGaussian();
            csv.append(day).append(",1,1,1,1,").append(price).append(',')
                    .append(written % 3 == 0 ? (long) volume + ".0" : Long.toString((long) volume)).append('\n');
            written++;
        }
        Files.writeString(data.resolve(file), csv);
    }

    private static ModelCard card(Path versionDir) throws IOException {
        return JSON.readValue(versionDir.resolve(ModelFiles.CARD).toFile(), ModelCard.class);
    }

    @Test
    void trainWritesAModelVersionWhoseCardDescribesIt() throws Exception {
        Path repository = dir.resolve("repo-train");
        Path text = dir.resolve("lightgbm.txt");
        int exit = TrainerCli.run("train", "--data", data.toString(), "--repository", repository.toString(),
                "--rounds", "20", "--threads", "1", "--save-lightgbm", text.toString());
        assertEquals(0, exit);

        Path version = repository.resolve("stock-volume/1");
        ModelCard card = card(version);
        assertEquals("stock-volume", card.name());
        assertEquals("1", card.version());
        assertEquals(ModelFiles.sha256(version.resolve(ModelFiles.MODEL)), card.sha256());
        assertEquals("ai.onnx.ml.TreeEnsemble", card.onnx().operator());
        assertEquals(5, card.onnx().mlOpset());
        assertEquals(WindowFeatures.FEATURE_NAMES, card.inputs().get(0).columns());
        assertEquals(List.of(-1L, 2L), card.inputs().get(0).shape());
        assertEquals(List.of(-1L, 1L), card.outputs().get(0).shape());
        assertEquals(3, card.trainingData().symbols());
        assertEquals(1200, card.trainingData().rows());
        assertEquals(240, card.trainingData().testRows());
        assertEquals(960, card.trainingData().trainRows());
        assertEquals(240, card.metrics().testRows());
        assertTrue(card.metrics().mae() > 0 && card.metrics().baselineMae() > 0);
        assertEquals("dart", card.parameters().get("boosting"));
        assertEquals("100", card.parameters().get("num_leaves"));
        assertEquals("10", card.parameters().get("max_depth"));
        assertEquals(1e-9, card.parity().bound());
        assertTrue(card.parity().maxRelativeError() <= 1e-9);
        assertEquals(20, card.samples().size());
        assertTrue(card.features().get(0).trainingMin() < card.features().get(0).trainingMax());
        assertTrue(Files.readString(text).startsWith("tree\n"));

        // convert the same LightGBM model: the same ONNX bytes, a card without training facts
        Path converted = repository.resolve("stock-volume/2");
        assertEquals(0, TrainerCli.run("convert", "--lightgbm", text.toString(), "--out", converted.toString()));
        ModelCard convertedCard = card(converted);
        assertEquals("2", convertedCard.version());
        assertEquals(card.sha256(), convertedCard.sha256());
        assertNull(convertedCard.trainingData());
        assertNull(convertedCard.metrics());
        assertEquals(20, convertedCard.samples().size());
        assertTrue(convertedCard.parity().maxRelativeError() <= 1e-9);

        // versions are immutable
        assertEquals(1, TrainerCli.run("convert", "--lightgbm", text.toString(), "--out", converted.toString()));
    }

    @Test
    void aMissingDatasetExitsWithCode2() {
        assertEquals(2, TrainerCli.run("features", "--data", dir.resolve("nowhere").toString()));
        assertEquals(2, TrainerCli.run("train", "--data", dir.toString()));
    }

    @Test
    void featuresWritesOneRowPerBarWithTheSharedDefinition() throws Exception {
        Path out = dir.resolve("features.csv");
        assertEquals(0, TrainerCli.run("features", "--data", data.toString(), "--out", out.toString()));
        List<String> lines = Files.readAllLines(out);
        assertEquals(FeaturesCommand.HEADER, lines.get(0));
        assertEquals(1201, lines.size());
        assertTrue(lines.get(1).startsWith("LOW,2019-01-01,") || lines.get(1).startsWith("LOW,2019-01-02,"), lines.get(1));
        String[] first = lines.get(1).split(",");
        assertEquals(first[2], first[4]); // a first bar's mean volume is its own volume
        assertEquals("1", first[6]);
    }
}
