package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Sizes and modification times of a version's two files: whether a refused version has changed. */
record Fingerprint(long modelSize, long modelModified, long cardSize, long cardModified) {

    static Fingerprint of(Path versionDir) {
        long[] model = stat(versionDir.resolve(ModelFiles.MODEL));
        long[] card = stat(versionDir.resolve(ModelFiles.CARD));
        return new Fingerprint(model[0], model[1], card[0], card[1]);
    }

    private static long[] stat(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new long[]{attributes.size(), attributes.lastModifiedTime().toMillis()};
        } catch (IOException e) {
            return new long[]{-1, -1};
        }
    }
}
