package com.stockvolume.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.card.ModelFiles;
import com.stockvolume.features.ForecastFeatures;
import com.stockvolume.service.support.CommittedModel;
import com.stockvolume.service.support.PackagedService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service, started on a model it cannot serve (or a default model of a kind the original
 * API cannot call), ends with exit code 1 and one error line that says what is wrong and where; started with a limit out of range, it ends naming the
 * property.
 */
class StartupFailureIT {

    @TempDir
    Path temp;

    private record Run(int exitCode, List<String> errorLines, List<String> lines) {
    }

    private Run start(Path repository, String... properties) throws Exception {
        Path log = temp.resolve("out.log");
        List<String> all = new ArrayList<>(
                List.of("model.repository=" + repository, "quarkus.http.port=0", "quarkus.management.port=0"));
        all.addAll(List.of(properties));
        Process process = new ProcessBuilder(PackagedService.command(all.toArray(String[]::new)))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service did not exit");
        List<String> lines = Files.readAllLines(log);
        return new Run(process.exitValue(), lines.stream().filter(l -> l.contains("ERROR")).toList(), lines);
    }

    @Test
    void aMissingModelFolderEndsTheProcess() throws Exception {
        Run run = start(temp.resolve("nowhere"));
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errorLines().size(), run.errorLines().toString());
        assertTrue(run.errorLines().get(0).endsWith("cannot serve model 'stock-volume': no model version folder (1, 2, ...) in "
                + temp.resolve("nowhere/stock-volume").toAbsolutePath()), run.errorLines().get(0));
    }

    @Test
    void aCorruptOnnxFileEndsTheProcess() throws Exception {
        Run run = start(Path.of(CorruptModelProfile.REPOSITORY));
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errorLines().size(), run.errorLines().toString());
        assertTrue(
                run.errorLines().get(0).contains("corrupt-onnx/stock-volume/1/model.onnx is not a model ONNX Runtime can load"),
                run.errorLines().get(0));
    }

    @Test
    void aCardMismatchEndsTheProcess() throws Exception {
        Path version = Files.createDirectories(temp.resolve("repo/stock-volume").resolve(CommittedModel.VERSION));
        Files.copy(CommittedModel.DIRECTORY.resolve(ModelFiles.MODEL), version.resolve(ModelFiles.MODEL));
        String card = Files.readString(CommittedModel.DIRECTORY.resolve(ModelFiles.CARD));
        Files.writeString(version.resolve(ModelFiles.CARD), card.replace(CommittedModel.CARD.sha256(), "0".repeat(64)));
        Run run = start(temp.resolve("repo"));
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errorLines().size(), run.errorLines().toString());
        assertTrue(run.errorLines().get(0).endsWith("but its card says " + "0".repeat(64)), run.errorLines().get(0));
    }

    @Test
    void aForecastModelAsTheDefaultEndsTheProcessBeforeGetPredictCouldSendItTwoColumns() throws Exception {
        Path repository = CommittedModel.DIRECTORY.getParent().getParent();
        Run run = start(repository, "model.name=stock-volume-forecast");
        assertEquals(1, run.exitCode());
        assertEquals(1, run.errorLines().size(), run.errorLines().toString());
        assertTrue(run.errorLines().get(0).endsWith("cannot serve model 'stock-volume-forecast': "
                + repository.resolve("stock-volume-forecast/2").toAbsolutePath().normalize() + " holds a forecast model"
                + " (inputs " + String.join(", ", ForecastFeatures.FEATURE_NAMES) + "); the default model (model.name), which"
                + " GET /predict and /v1/predictions serve, must be a same-day model (inputs vol_moving_avg,"
                + " adj_close_rolling_med)"), run.errorLines().get(0));
    }

    @Test
    void aLimitBelowOneEndsTheProcessNamingTheProperty() throws Exception {
        Run run = start(CommittedModel.DIRECTORY.getParent().getParent(),
                "predictions.max-instances=0", "model.intra-op-threads=-2");
        assertEquals(1, run.exitCode());
        assertTrue(run.lines().contains("\tpredictions.max-instances must be greater than or equal to 1"),
                run.lines().toString());
        assertTrue(run.lines().contains("\tmodel.intra-op-threads must be greater than or equal to 1"), run.lines().toString());
    }
}
