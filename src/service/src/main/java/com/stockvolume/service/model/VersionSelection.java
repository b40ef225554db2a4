package com.stockvolume.service.model;

import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ObjIntConsumer;

/**
 * One reconciliation of a model's folder with its policy: the versions to serve, and the newly
 * loaded entries among them. A version that fails its checks is refused, and the policy chooses
 * again without it, until nothing fails.
 *
 * @param wanted the versions to serve; empty when none is servable
 * @param fresh versions loaded by this selection (some may not be wanted after a later refusal)
 */
record VersionSelection(SortedSet<Integer> wanted, NavigableMap<Integer, RefCounted<LoadedModel>> fresh) {

    static VersionSelection of(SortedSet<Integer> available, Map<Integer, RefCounted<LoadedModel>> current,
            VersionPolicy policy, Integer pinned, Refusals refusals, ModelFolder folder,
            ObjIntConsumer<ModelLoadException> onRefused) {
        NavigableMap<Integer, RefCounted<LoadedModel>> fresh = new TreeMap<>();
        SortedSet<Integer> wanted;
        boolean refusedNow;
        do {
            SortedSet<Integer> candidates = new TreeSet<>(available);
            candidates.removeAll(refusals.versions());
            wanted = policy.select(candidates, pinned);
            refusedNow = false;
            for (Integer version : wanted) {
                if (!current.containsKey(version) && !fresh.containsKey(version)) {
                    try {
                        fresh.put(version, folder.load(version));
                    } catch (ModelLoadException e) {
                        refusals.refuse(version, folder.fingerprint(version), e.getMessage());
                        onRefused.accept(e, version);
                        refusedNow = true;
                    }
                }
            }
        } while (refusedNow);
        return new VersionSelection(wanted, fresh);
    }
}
