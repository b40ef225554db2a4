package com.stockvolume.trainer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stockvolume.card.ModelCard;
import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.features.WindowFeatures;
import com.stockvolume.trainer.export.LightGbmFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.DoubleStream;
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

    /** Five symbols, 400 weekdays each from 2019-01-02, volumes around different levels; 2,000 rows in all. */
    @BeforeAll
    static void writeDataset() throws IOException {
        data = dir.resolve("dataset");
        Files.createDirectories(data.resolve("stocks"));
        Files.createDirectories(data.resolve("etfs"));
        Files.writeString(data.resolve("symbols_valid_meta.csv"),
                "Nasdaq Traded,Symbol,Security Name,Listing Exchange,Market Category,ETF,Round Lot Size,"
                        + "Test Issue,Financial Status,CQS Symbol,NASDAQ Symbol,NextShares\n"
                        + "Y,LOW,Low Volume Inc.,N, ,N,100.0,N,,LOW,LOW,N\n"
                        + "Y,MID,Mid Volume Inc.,N, ,N,100.0,N,,MID,MID,N\n"
                        + "Y,HIGH,High Volume Inc.,N, ,N,100.0,N,,HIGH,HIGH,N\n"
                        + "Y,ETFX,An ETF,P, ,Y,100.0,N,,ETFX,ETFX,N\n"
                        + "Y,ETFY,Another ETF,P, ,Y,100.0,N,,ETFY,ETFY,N\n");
        writeSymbol("stocks/LOW.csv", 50_000, 12.0, 1);
        writeSymbol("stocks/MID.csv", 900_000, 40.0, 4);
        writeSymbol("stocks/HIGH.csv", 5_000_000, 140.0, 2);
        writeSymbol("etfs/ETFX.csv", 800_000, 55.0, 3);
        writeSymbol("etfs/ETFY.csv", 200_000, 25.0, 5);
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

    /** Held out: one of the two hand-picked stocks and one of the two ETFs, each group's share of 0.2 rounded up to one. */
    private static final String[] TRAIN = {"train", "--data", null, "--repository", null, "--rounds", "20",
            "--threads", "1", "--hand-picked", "MID,HIGH", "--holdout-from", "2020-01-01"};

    private static String[] train(Path repository, String... more) {
        String[] args = TRAIN.clone();
        args[2] = data.toString();
        args[4] = repository.toString();
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void trainWritesARatioModelVersionWhoseCardDescribesItAndItsHoldouts() throws Exception {
        Path repository = dir.resolve("repo-train");
        Path text = dir.resolve("lightgbm.txt");
        Path original = dir.resolve("original.txt");
        Path predictions = dir.resolve("held-out.csv");
        // an "original" model to compare with: a plain volume model of the same data
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-original"), "--target", "VOLUME", "--dry-run",
                "--save-lightgbm", original.toString())));
        assertEquals(0, TrainerCli.run(train(repository, "--save-lightgbm", text.toString(),
                "--original", original.toString(), "--test-predictions", predictions.toString())));

        Path version = repository.resolve("stock-volume/1");
        ModelCard card = card(version);
        assertEquals("stock-volume", card.name());
        assertEquals("1", card.version());
        assertEquals(ModelFiles.sha256(version.resolve(ModelFiles.MODEL)), card.sha256());
        assertEquals("Volume", card.target());
        assertEquals("Volume / vol_moving_avg", card.label());
        assertEquals("ai.onnx.ml.TreeEnsemble", card.onnx().operator());
        assertTrue(card.onnx().postProcessing().startsWith("Slice, Mul"), card.onnx().postProcessing());
        assertEquals(List.of("TreeEnsemble", "Slice", "Mul", "Relu"), ModelProto.parseFrom(
                Files.readAllBytes(version.resolve(ModelFiles.MODEL))).getGraph().getNodeList().stream()
                .map(NodeProto::getOpType).toList());
        assertEquals(WindowFeatures.FEATURE_NAMES, card.inputs().get(0).columns());
        assertEquals("same-day", card.kind());
        for (var feature : card.features()) { // the drift reference: nine ascending deciles inside the training range
            List<Double> deciles = feature.referenceQuantiles();
            assertEquals(9, deciles.size(), feature.name());
            for (int q = 0; q < 9; q++) {
                assertTrue(deciles.get(q) >= (q == 0 ? feature.trainingMin() : deciles.get(q - 1))
                        && deciles.get(q) <= feature.trainingMax(), feature.name() + " deciles " + deciles);
            }
        }
        assertEquals(List.of(-1L, 2L), card.inputs().get(0).shape());
        assertEquals(List.of(-1L, 1L), card.outputs().get(0).shape());
        assertEquals("regression_l1", card.parameters().get("objective"));
        assertEquals(1e-9, card.parity().bound());
        assertTrue(card.parity().maxRelativeError() <= 1e-9);
        assertEquals(20, card.samples().size());

        // the split: two symbols held out whole, the other three's rows of 2020 held out by time
        ModelCard.TrainingData split = card.trainingData();
        assertEquals(5, split.symbols());
        assertEquals(2000, split.rows());
        assertEquals(2, split.heldOutSymbols().size());
        assertTrue(split.heldOutSymbols().stream().anyMatch(s -> s.equals("MID") || s.equals("HIGH")), split.toString());
        assertTrue(split.heldOutSymbols().stream().anyMatch(s -> s.startsWith("ETF")), split.toString());
        assertEquals(800, split.testRows());
        assertEquals("2020-01-01", split.timeHoldoutFrom());
        List<String[]> features = featureRows();
        long laterRows = features.stream().filter(f -> !split.heldOutSymbols().contains(f[0]))
                .filter(f -> f[1].compareTo("2020-01-01") >= 0).count();
        assertEquals(laterRows, split.timeHoldoutRows());
        assertEquals(2000 - 800 - laterRows, split.trainRows());

        // the evaluation, recomputed here from the features, the written predictions and LightGBM itself
        List<ModelCard.SliceErrors> slices = card.evaluation().slices();
        assertEquals(10, slices.size());
        ModelCard.SliceErrors all = slices.get(0);
        assertEquals(List.of("symbols", "all", 800L, 2), List.of(all.holdout(), all.slice(), all.rows(), all.symbols()));
        List<String[]> heldOut = features.stream().filter(f -> split.heldOutSymbols().contains(f[0])).toList();
        assertEquals(mean(heldOut, f -> Math.abs(num(f[4]) - num(f[2]))), all.naive().mae(), 1e-6);
        List<String> written = Files.readAllLines(predictions).subList(1, 801);
        assertEquals(written.stream().mapToDouble(l -> Math.abs(num(l.split(",")[5]) - num(l.split(",")[2])))
                .average().orElseThrow(), all.model().mae(), 1e-6);
        assertEquals(card.metrics().mae(), all.model().mae());
        double[] rows = heldOut.stream().flatMapToDouble(f -> DoubleStream.of(num(f[4]), num(f[5])))
                .toArray();
        double[] theirs = LightGbmFixtures.lightgbmPredict(Files.readString(original), rows, 2);
        double originalMae = 0;
        for (int i = 0; i < heldOut.size(); i++) {
            originalMae += Math.abs(theirs[i] - num(heldOut.get(i)[2])) / heldOut.size();
        }
        assertEquals(originalMae, all.original().mae(), 1e-6 * originalMae);
        assertTrue(card.evaluation().originalModel().startsWith("original.txt (sha256 "));
        for (ModelCard.SliceErrors s : slices) {
            assertTrue(s.rows() > 0 && s.model().mae() > 0 && s.naive().mae() > 0 && s.original().mae() > 0, s.toString());
        }
        assertEquals(List.of("symbols/all", "symbols/stocks", "symbols/etfs", "symbols/hand-picked", "symbols/random",
                "time/all", "time/stocks", "time/etfs", "time/hand-picked", "time/random"),
                slices.stream().map(s -> s.holdout() + "/" + s.slice()).toList());
        assertEquals(1, slices.get(3).symbols()); // the held-out hand-picked stock
        assertEquals(3, slices.get(5).symbols());

        // convert the same LightGBM model in its ratio form: the same ONNX bytes, a card without training facts
        Path converted = repository.resolve("stock-volume/2");
        assertEquals(0, TrainerCli.run("convert", "--lightgbm", text.toString(), "--target", "RATIO",
                "--out", converted.toString()));
        ModelCard convertedCard = card(converted);
        assertEquals("2", convertedCard.version());
        assertEquals(card.sha256(), convertedCard.sha256());
        assertEquals("Volume / vol_moving_avg", convertedCard.label());
        assertNull(convertedCard.trainingData());
        assertNull(convertedCard.metrics());
        assertNull(convertedCard.evaluation());
        assertEquals(20, convertedCard.samples().size());
        assertTrue(convertedCard.parity().maxRelativeError() <= 1e-9);

        // a plain volume model converts as before: no post-processing
        Path plain = repository.resolve("stock-volume/3");
        assertEquals(0, TrainerCli.run("convert", "--lightgbm", original.toString(), "--out", plain.toString()));
        assertNull(card(plain).label());
        assertNull(card(plain).onnx().postProcessing());

        // versions are immutable
        assertEquals(1, TrainerCli.run("convert", "--lightgbm", text.toString(), "--out", converted.toString()));
    }

    /**
     * --inputs picks the version's columns (version 1's nine here); --interval adds the quantile models'
     * bounds as the second and third outputs, with their coverage on every held-out slice, recomputed here
     * from the held-out rows' predictions.
     */
    @Test
    void trainPicksInputsAndAddsAnIntervalWithItsCoverage() throws Exception {
        Path repository = dir.resolve("repo-interval");
        Path predictions = dir.resolve("interval-predictions.csv");
        assertEquals(0, TrainerCli.run(train(repository, "--model", "forecast", "--inputs",
                String.join(",", ForecastFeatures.FIRST_INPUTS), "--interval", "0.8", "--test-predictions",
                predictions.toString())));
        ModelCard card = card(repository.resolve("stock-volume-forecast/1"));
        assertEquals(ForecastFeatures.FIRST_INPUTS, card.inputs().get(0).columns());
        assertEquals(ForecastFeatures.FIRST_INPUTS, card.features().stream().map(ModelCard.FeatureSpec::name).toList());
        assertEquals(List.of("volume", "volume_lower", "volume_upper"),
                card.outputs().stream().map(ModelCard.TensorSpec::name).toList());
        assertEquals(new ModelCard.Interval(0.8, 0.1, 0.9, List.of("volume_lower", "volume_upper")),
                card.interval());
        assertTrue(card.parity().maxRelativeError() <= 1e-9);
        for (ModelCard.Sample sample : card.samples()) {
            assertTrue(sample.lower() <= sample.prediction() && sample.prediction() <= sample.upper(), sample.toString());
        }
        for (ModelCard.SliceErrors slice : card.evaluation().slices()) {
            assertNotNull(slice.interval(), slice.slice());
            assertTrue(slice.interval().inside() > 0.5 && slice.interval().inside() < 1, slice.toString());
            assertTrue(slice.interval().meanWidth() > 0, slice.toString());
        }
        assertTrue(card.onnx().postProcessing().contains("Slice, Min, Max"), card.onnx().postProcessing());
        for (ModelCard.FeatureSpec feature : card.features()) { // the drift reference: deciles and the rows between them
            assertEquals(9, feature.referenceQuantiles().size(), feature.name());
            assertEquals(1.0, feature.referenceShares().stream().mapToDouble(Double::doubleValue).sum(), 1e-9, feature.name());
        }
        ModelCard.FeatureSpec weekday = card.features().get(ForecastFeatures.FIRST_INPUTS.indexOf("weekday"));
        assertEquals(0.0, weekday.referenceShares().get(1), "weekday takes five values: bins between tied deciles are empty");
    }

    @Test
    void trainWithModelForecastWritesTheForecastModelAndItsNaiveForecasts() throws Exception {
        Path repository = dir.resolve("repo-forecast");
        assertEquals(0, TrainerCli.run(train(repository, "--model", "forecast")));

        ModelCard card = card(repository.resolve("stock-volume-forecast/1"));
        assertEquals("stock-volume-forecast", card.name());
        assertEquals(ForecastFeatures.FEATURE_NAMES, card.inputs().get(0).columns());
        assertEquals("forecast", card.kind());
        assertEquals(List.of(-1L, (long) ForecastFeatures.COLUMNS), card.inputs().get(0).shape());
        assertEquals("Volume / vol_mean_30d", card.label());
        assertEquals(ForecastFeatures.FEATURE_NAMES, card.features().stream().map(ModelCard.FeatureSpec::name).toList());
        assertEquals(ForecastFeatures.DEFINITIONS.get("weekday"), card.features().get(6).definition());
        assertTrue(card.parity().maxRelativeError() <= 1e-9);
        assertEquals(1995, card.trainingData().rows()); // every bar but each symbol's first has a bar before it

        // the naive forecasts, recomputed from the price files: the previous bar's Volume, and the model's errors
        ModelCard.SliceErrors all = card.evaluation().slices().get(0);
        double previousDayError = 0;
        int rows = 0;
        for (String symbol : card.trainingData().heldOutSymbols()) {
            Path file = data.resolve(symbol.startsWith("ETF") ? "etfs" : "stocks").resolve(symbol + ".csv");
            List<String> lines = Files.readAllLines(file).subList(1, 401);
            for (int i = 1; i < lines.size(); i++) {
                previousDayError += Math.abs(num(lines.get(i - 1).split(",")[6]) - num(lines.get(i).split(",")[6]));
                rows++;
            }
        }
        assertEquals(rows, all.rows());
        assertEquals(previousDayError / rows, all.previousDay().mae(), 1e-6);
        assertTrue(all.naive().mae() > 0 && all.model().mae() > 0);
        assertNull(all.original(), "no --original given");
    }

    @Test
    void trainingTwiceWritesTheSameModelBytes() throws Exception {
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-a"))));
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-b"))));
        assertArrayEquals(Files.readAllBytes(dir.resolve("repo-a/stock-volume/1").resolve(ModelFiles.MODEL)),
                Files.readAllBytes(dir.resolve("repo-b/stock-volume/1").resolve(ModelFiles.MODEL)));
    }

    @Test
    void referenceWritesIntoAnOlderCardTheDriftReferenceTrainWrites() throws Exception {
        Path version = dir.resolve("repo-reference/stock-volume/1");
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-reference"))));
        Path cardFile = version.resolve(ModelFiles.CARD);
        byte[] trained = Files.readAllBytes(cardFile);
        byte[] model = Files.readAllBytes(version.resolve(ModelFiles.MODEL));
        String[] reference = {"reference", "--data", data.toString(), "--version-dir", version.toString(), "--hand-picked",
                "MID,HIGH"};

        // a card as the versions trained before cards carried a reference have it
        ObjectNode older = (ObjectNode) JSON.readTree(trained);
        older.get("features").forEach(f -> ((ObjectNode) f).remove(List.of("referenceQuantiles", "referenceShares")));
        JSON.writerWithDefaultPrettyPrinter().writeValue(cardFile.toFile(), older);
        assertNull(card(version).features().get(0).referenceQuantiles());
        assertEquals(0, TrainerCli.run(reference));
        assertArrayEquals(trained, Files.readAllBytes(cardFile), "byte for byte the card train wrote");
        assertArrayEquals(model, Files.readAllBytes(version.resolve(ModelFiles.MODEL)));

        // rows that do not reproduce the card's training range are not its training rows: nothing is written
        ObjectNode wrong = (ObjectNode) JSON.readTree(trained);
        ((ObjectNode) wrong.get("features").get(0)).put("trainingMax", 1.0);
        JSON.writerWithDefaultPrettyPrinter().writeValue(cardFile.toFile(), wrong);
        byte[] before = Files.readAllBytes(cardFile);
        assertEquals(1, TrainerCli.run(reference));
        assertArrayEquals(before, Files.readAllBytes(cardFile));
    }

    /**
     * lightgbm4j writes its native library to java.io.tmpdir under a fixed name on every start, over a
     * running trainer's mapped copy (SIGBUS). Here that name is taken by a directory: a trainer that
     * wrote there would fail; each run must use a directory of its own, and remove it.
     */
    @Test
    void aTrainerProcessKeepsLightGbmsNativeLibraryInADirectoryOfItsOwn() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared-tmp"));
        Files.createDirectories(shared.resolve("lib_lightgbm.so"));
        Files.createDirectories(shared.resolve("lib_lightgbm_swig.so"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + shared, "-cp", System.getProperty("java.class.path"), TrainerCli.class.getName()));
        command.addAll(List.of(train(dir.resolve("repo-own-tmp"), "--dry-run")));
        Process trainer = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("own-tmp.log").toFile()).start();
        assertTrue(trainer.waitFor(5, TimeUnit.MINUTES), "the trainer finished");
        assertEquals(0, trainer.exitValue(), Files.readString(dir.resolve("own-tmp.log")));
        assertTrue(Files.isDirectory(shared.resolve("lib_lightgbm.so")), "the shared name untouched");
        try (var left = Files.list(shared)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("stock-volume-trainer-")).toList(), "its own directory is gone");
        }
    }

    @Test
    void rowWeightsChangeTheTreesButNotTheDefault() throws Exception {
        Path none = dir.resolve("weights-none.txt");
        Path defaults = dir.resolve("weights-default.txt");
        Path mean = dir.resolve("weights-mean.txt");
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-w1"), "--dry-run", "--row-weight", "none",
                "--save-lightgbm", none.toString())));
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-w2"), "--dry-run", "--save-lightgbm", defaults.toString())));
        assertEquals(0, TrainerCli.run(train(dir.resolve("repo-w3"), "--dry-run", "--row-weight", "window_mean",
                "--save-lightgbm", mean.toString())));
        assertEquals(Files.readString(none), Files.readString(defaults));
        assertNotEquals(Files.readString(none), Files.readString(mean));
        assertEquals(1, TrainerCli.run(train(dir.resolve("repo-w4"), "--row-weight", "window_mean")),
                "a version the card cannot describe is not written");
        assertFalse(Files.exists(dir.resolve("repo-w4/stock-volume/1")));
    }

    private static List<String[]> featureRows() throws Exception {
        Path out = dir.resolve("features-for-split.csv");
        assertEquals(0, TrainerCli.run("features", "--data", data.toString(), "--out", out.toString()));
        return Files.readAllLines(out).stream().skip(1).map(l -> l.split(",")).toList();
    }

    private static double num(String s) {
        return Double.parseDouble(s);
    }

    private static double mean(List<String[]> rows, ToDoubleFunction<String[]> f) {
        return rows.stream().mapToDouble(f).average().orElseThrow();
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
        assertEquals(2001, lines.size());
        assertTrue(lines.get(1).startsWith("LOW,2019-01-01,") || lines.get(1).startsWith("LOW,2019-01-02,"), lines.get(1));
        String[] first = lines.get(1).split(",");
        assertEquals(first[2], first[4]); // a first bar's mean volume is its own volume
        assertEquals("1", first[6]);
    }
}
