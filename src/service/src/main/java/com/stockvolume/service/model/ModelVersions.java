package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
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
        Integer parsed = ModelFiles.version(version);
        return parsed == null ? null : loaded.get(parsed);
    }

    public List<String> versions() {
        return loaded.keySet().stream().map(String::valueOf).toList();
    }

    /** A version folder the ModelManager would not serve, and why. */
    public record Refusal(String version, String error, String at) {
    }
}
