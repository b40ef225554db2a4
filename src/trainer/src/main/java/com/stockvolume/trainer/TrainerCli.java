package com.stockvolume.trainer;

import com.stockvolume.trainer.dataset.DatasetException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar stock-volume-trainer.jar <features|train|convert|reference> [options]} */
@Command(
        name = "stock-volume-trainer",
        mixinStandardHelpOptions = true,
        version = "stock-volume-trainer 1.0.0",
        description = "Computes the volume model's features, trains it with LightGBM and exports it to ONNX.",
        subcommands = {FeaturesCommand.class, TrainCommand.class, ConvertCommand.class, ReferenceCommand.class,
                CommandLine.HelpCommand.class})
public final class TrainerCli {

    /** A dataset that cannot be read at all exits with this code, as a usage error does. */
    static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        privateTemporaryDirectory();
        System.exit(run(args));
    }

    /**
     * lightgbm4j writes its native library to {@code java.io.tmpdir} under a fixed name on every start,
     * over the file a running trainer has mapped: a second trainer on the machine (two Airflow training
     * tasks on one worker) crashed the first with SIGBUS. So each run gets a directory of its own,
     * removed when it exits.
     */
    static void privateTemporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("stock-volume-trainer-");
            System.setProperty("java.io.tmpdir", dir.toString());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // the JVM is exiting; a leftover directory in the temporary folder is harmless
        }
    }

    static int run(String... args) {
        return new CommandLine(new TrainerCli())
                .setCaseInsensitiveEnumValuesAllowed(true) // --model forecast, --target ratio
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    commandLine.getErr().println("error: " + e.getMessage());
                    return e instanceof DatasetException ? EXIT_BAD_INPUT : 1;
                })
                .execute(args);
    }
}
