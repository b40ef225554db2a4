package com.stockvolume.service.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model folder's versions are its folders named 1 to 999999999 without leading zeros; an entry an
 * operator likely meant as a version but that is not one is named in a warning, once per change, so a
 * reload that skips it is not silent.
 */
class ModelFolderTest {

    @TempDir
    Path modelDir;

    private final List<String> warnings = new ArrayList<>();
    private final Logger logger = Logger.getLogger(ModelFolder.class.getName());
    private final Handler capture = new Handler() {

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    private ModelFolder folder() {
        return new ModelFolder(modelDir, 1, null, false);
    }

    @Test
    void versionsAreThePositiveIntegerFoldersAndTheLookalikesAreNamedInOneWarning() throws Exception {
        for (String name : List.of("1", "2", "10", "03", "-1", "+4", "1234567890", "0", "notes", "1.bak", "latest")) {
            Files.createDirectory(modelDir.resolve(name));
        }
        Files.writeString(modelDir.resolve("7"), "a file, not a folder");
        Files.writeString(modelDir.resolve("README"), "");

        assertEquals(new TreeSet<>(Set.of(1, 2, 10)), folder().versions());
        assertEquals(List.of("model folder " + modelDir + ": not serving [+4, -1, 0, 03, 1234567890, 7]: a version is a"
                + " folder named by a whole number from 1 to 999999999 without leading zeros"), warnings);
    }

    @Test
    void theWarningRepeatsOnlyWhenTheLookalikesChange() throws Exception {
        Files.createDirectory(modelDir.resolve("1"));
        ModelFolder folder = folder();
        folder.versions();
        assertEquals(List.of(), warnings, "a folder of versions only is not warned of");

        Files.createDirectory(modelDir.resolve("02"));
        folder.versions();
        folder.versions();
        assertEquals(1, warnings.size(), warnings.toString());

        Files.createDirectory(modelDir.resolve("-3"));
        folder.versions();
        assertEquals(2, warnings.size(), warnings.toString());
        assertEquals(true, warnings.get(1).contains("not serving [-3, 02]"), warnings.get(1));

        Files.delete(modelDir.resolve("-3"));
        Files.delete(modelDir.resolve("02"));
        folder.versions();
        Files.createDirectory(modelDir.resolve("02"));
        folder.versions();
        assertEquals(3, warnings.size(), "after a clean scan the same lookalike is warned of again: " + warnings);
    }
}
