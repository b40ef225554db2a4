package com.stockvolume.service.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts the packaged service, as the *IT tests that manage a process of their
 * own need it: the native binary when the build made one (-Dnative), else the jar on this JVM.
 */
public final class PackagedService {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private PackagedService() {
    }

    /** A port free now, for a service a test starts itself. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public static List<String> command(String... systemProperties) {
        return command(List.of(), systemProperties);
    }

    /** The same with options for the JVM or the native binary's runtime (-Xmx..., -XX:...) first. */
    public static List<String> command(List<String> runtimeOptions, String... systemProperties) {
        List<String> command = new ArrayList<>();
        String runner = System.getProperty("native.image.path");
        boolean nativeBuild = Boolean.getBoolean("packaged.native") && runner != null && Files.isExecutable(Path.of(runner));
        if (nativeBuild) {
            command.add(runner);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(runtimeOptions);
        for (String property : systemProperties) {
            command.add("-D" + property);
        }
        if (!nativeBuild) {
            command.add("-jar");
            command.add(JAR.toString());
        }
        return command;
    }

    /** Waits up to 60 s for the service's readiness on its management base URL to answer 200. */
    public static void awaitReady(HttpClient http, String management) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(management + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the service did not become ready within 60 s");
    }
}
