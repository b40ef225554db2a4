package com.stockvolume.service.model;

import com.stockvolume.service.model.ModelVersions.Refusal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The version folders a model will not serve, each with the fingerprint of its files when it was
 * refused: a refused version is not tried again on every reload or poll, only once its files
 * change or it is removed. Not thread-safe: its owner changes it under its lock.
 */
final class Refusals {

    private record Refused(Fingerprint fingerprint, Refusal refusal) {
    }

    private final TreeMap<Integer, Refused> refused = new TreeMap<>();

    Refusal refuse(int version, Fingerprint fingerprint, String error) {
        Refusal refusal = new Refusal(String.valueOf(version), error, Instant.now().toString());
        refused.put(version, new Refused(fingerprint, refusal));
        return refusal;
    }

    /** Forgets refusals of versions gone from {@code available} or whose files now differ. */
    void forgetChanged(SortedSet<Integer> available, IntFunction<Fingerprint> fingerprintOf) {
        refused.entrySet().removeIf(e -> !available.contains(e.getKey())
                || !e.getValue().fingerprint().equals(fingerprintOf.apply(e.getKey())));
    }

    Set<Integer> versions() {
        return refused.keySet();
    }

    /** The refusal of {@code version}, or null. */
    Refusal of(int version) {
        Refused r = refused.get(version);
        return r == null ? null : r.refusal();
    }

    /** Every refusal, by version. */
    List<Refusal> list() {
        return refused.values().stream().map(Refused::refusal).toList();
    }
}
