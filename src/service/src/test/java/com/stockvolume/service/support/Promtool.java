package com.stockvolume.service.support;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' promtool (Debian package prometheus) for the tests that check metrics, rules and
 * PromQL. .ci/run installs it and sets PROMTOOL_REQUIRED, so CI fails rather than skips without it.
 */
public final class Promtool {

    public record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    public static Path path() {
        for (String dir : System.getenv("PATH").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        assertTrue(System.getenv("PROMTOOL_REQUIRED") == null, "promtool is not on the PATH (apt-get install prometheus)");
        assumeTrue(false, "promtool is not installed here (apt-get install prometheus); CI requires it");
        return null;
    }

    /** Runs promtool with {@code args} in {@code directory}, waiting up to a minute. */
    public static Result run(Path directory, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(path().toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "promtool finished");
        return new Result(process.exitValue(), output);
    }
}
