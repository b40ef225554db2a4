package com.stockvolume.card;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The model repository layout, as Triton and TF Serving lay it out:
 * {@code <repository>/<name>/<version>/model.onnx} and {@code model-card.json}, where a version is
 * a positive integer folder name.
 */
public final class ModelFiles {

    public static final String MODEL = "model.onnx";
    public static final String CARD = "model-card.json";

    private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
    private static final Pattern NUMBER = Pattern.compile("[+-]?[0-9]+");

    private ModelFiles() {
    }

    /** The version a folder name (or a path segment) stands for; null unless it is a positive integer. */
    public static Integer version(String name) {
        return name != null && VERSION.matcher(name).matches() ? Integer.valueOf(name) : null;
    }

    /** The version folders under {@code <repository>/<name>/}, lowest first; none if it is absent. */
    public static List<Integer> versions(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(modelDir)) {
            return entries.filter(Files::isDirectory)
                    .map(p -> version(p.getFileName().toString()))
                    .filter(version -> version != null)
                    .sorted()
                    .toList();
        }
    }

    /**
     * The entries under {@code <repository>/<name>/} an operator likely meant as versions but that are
     * not served: numbers that are not a version ({@code 03}, {@code -1}, {@code 1234567890}) and files
     * (not folders) named like one; sorted. Other names (notes, backups) are not versions and not listed.
     */
    public static List<String> misnamedVersions(Path modelDir) throws IOException {
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(modelDir)) {
            return entries.filter(p -> {
                String name = p.getFileName().toString();
                return version(name) == null ? NUMBER.matcher(name).matches() : !Files.isDirectory(p);
            }).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** Lower-case hex SHA-256 of a file, as the card records it. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
