package com.stockvolume.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.stockvolume.service.support.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two images' Dockerfiles, read on every build (the native image is never built here; the JVM image is
 * built and run by the container suite, src/service/src/test/container): each runs as a numeric non-root user,
 * as the pod's runAsNonRoot requires, and carries every model the repository serves, which .dockerignore lets
 * into the build context.
 */
class ContainerImageTest {

    private static final List<Path> DOCKERFILES = List.of(
            Path.of("src/main/docker/Dockerfile.jvm"), Path.of("src/main/docker/Dockerfile.native-micro"));

    private static List<String> models() throws IOException {
        try (Stream<Path> folders = Files.list(RepositoryRoot.MODELS)) {
            return folders.filter(Files::isDirectory)
                    .map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachImageRunsAsANumericNonRootUser() throws IOException {
        for (Path dockerfile : DOCKERFILES) {
            List<String> users = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("USER ")).toList();
            assertEquals(1, users.size(), dockerfile + ": " + users);
            String user = users.get(0).substring(5).trim();
            // a kubelet can only verify runAsNonRoot for a numeric user
            assertTrue(user.matches("[1-9][0-9]*"), dockerfile + " runs as '" + user + "'");
        }
    }

    @Test
    void eachImageCarriesEveryServedModel() throws IOException {
        List<String> models = models();
        assertTrue(models.containsAll(List.of("stock-volume", "stock-volume-forecast")), models.toString());
        String ignore = Files.readString(RepositoryRoot.resolve(".dockerignore"));
        for (String model : models) {
            assertTrue(ignore.contains("!model/" + model + "/*"), ".dockerignore lets model/" + model + " in");
            for (Path dockerfile : DOCKERFILES) {
                assertTrue(Files.readString(dockerfile).contains(" model/" + model + "/ /deployments/model/" + model + "/"),
                        dockerfile + " copies model/" + model);
            }
        }
    }
}
