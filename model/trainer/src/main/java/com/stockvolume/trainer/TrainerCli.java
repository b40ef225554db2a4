package com.stockvolume.trainer;

import com.stockvolume.trainer.dataset.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar stock-volume-trainer.jar <features|train|convert> [options]} */
@Command(
        name = "stock-volume-trainer",
        mixinStandardHelpOptions = true,
        version = "stock-volume-trainer 1.0.0",
        description = "Computes the volume model's features, trains it with LightGBM and exports it to ONNX.",
        subcommands = {FeaturesCommand.class, TrainCommand.class, ConvertCommand.class,
                CommandLine.HelpCommand.class})
public final class TrainerCli {

    /** A dataset that cannot be read at all exits with this code, as a usage error does. */
    static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(run(args));
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
