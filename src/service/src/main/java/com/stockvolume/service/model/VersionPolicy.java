package com.stockvolume.service.model;

import com.stockvolume.card.ModelFiles;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which of a model's version folders are served: {@code latest} (the highest), {@code all}, or a
 * comma-separated list such as {@code 3,4}. Pure: the ModelManager applies it to what is on disk.
 */
public final class VersionPolicy {

    private final String text;
    private final boolean all;
    private final SortedSet<Integer> listed;

    private VersionPolicy(String text, boolean all, SortedSet<Integer> listed) {
        this.text = text;
        this.all = all;
        this.listed = listed;
    }

    /** Parses {@code latest}, {@code all} or a version list; anything else names the bad entry. */
    public static VersionPolicy parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        if (trimmed.equals("latest")) {
            return new VersionPolicy("latest", false, null);
        }
        if (trimmed.equals("all")) {
            return new VersionPolicy("all", true, null);
        }
        SortedSet<Integer> versions = new TreeSet<>();
        for (String part : trimmed.split(",")) {
            Integer version = ModelFiles.version(part.trim());
            if (version == null) {
                throw new IllegalArgumentException("model.versions must be latest, all or a list of versions"
                        + " like 1,3; '" + part.trim() + "' is not a version");
            }
            versions.add(version);
        }
        return new VersionPolicy(String.join(",", versions.stream().map(String::valueOf).toList()), false,
                Collections.unmodifiableSortedSet(versions));
    }

    /**
     * The versions to serve among the candidates (the loadable folders on disk), plus a pinned
     * version when it is a candidate.
     */
    public SortedSet<Integer> select(SortedSet<Integer> candidates, Integer pinned) {
        SortedSet<Integer> chosen = new TreeSet<>();
        if (all) {
            chosen.addAll(candidates);
        } else if (listed == null) {
            if (!candidates.isEmpty()) {
                chosen.add(candidates.last());
            }
        } else {
            for (Integer version : listed) {
                if (candidates.contains(version)) {
                    chosen.add(version);
                }
            }
        }
        if (pinned != null && candidates.contains(pinned)) {
            chosen.add(pinned);
        }
        return chosen;
    }

    /** The listed versions, or none for latest and all. */
    public List<Integer> listed() {
        return listed == null ? List.of() : List.copyOf(listed);
    }

    @Override
    public String toString() {
        return text;
    }
}
