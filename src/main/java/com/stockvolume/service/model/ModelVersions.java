package com.stockvolume.service.model;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;

/**
 * What the registry serves at one moment, replaced as a whole on every change so a request sees
 * one consistent state: the loaded versions, the pinned one if any, and the versions refused.
 */
public record ModelVersions(
        String name,
        String policy,
        NavigableMap<Integer, RefCounted<LoadedModel>> loaded,
        Integer pinned,
        List<Refusal> refused,
        Instant scannedAt) {

    /** The version unversioned calls use: the pinned one if loaded, else the highest loaded. */
    public int defaultVersion() {
        return pinned != null && loaded.containsKey(pinned) ? pinned : loaded.lastKey();
    }

    public RefCounted<LoadedModel> defaultEntry() {
        return loaded.get(defaultVersion());
    }

    public LoadedModel defaultModel() {
        return defaultEntry().value();
    }

    /** The entry of a version given as a path segment, or null if that version is not loaded. */
    public RefCounted<LoadedModel> entry(String version) {
        Integer parsed = parse(version);
        return parsed == null ? null : loaded.get(parsed);
    }

    public List<String> versions() {
        return loaded.keySet().stream().map(String::valueOf).toList();
    }

    /** A version as it appears in a path; null unless it is a version folder name. */
    public static Integer parse(String version) {
        return version != null && version.matches("[1-9][0-9]{0,8}") ? Integer.valueOf(version) : null;
    }

    /** A version folder the registry would not serve, and why. */
    public record Refusal(String version, String error, String at) {}
}
