package com.stockvolume.service.model;

import com.stockvolume.service.model.ModelVersions.Refusal;
import java.util.List;

/**
 * The outcome of a rescan: what was loaded, unloaded and refused, and what is served now.
 * {@code refused} lists every version folder the service will not serve while it stays as it is.
 */
public record ReloadReport(
        String model,
        List<String> loaded,
        List<String> unloaded,
        List<Refusal> refused,
        List<String> versions,
        String defaultVersion,
        String pinned,
        String policy) {

    static ReloadReport of(ModelVersions now, List<String> loaded, List<String> unloaded) {
        return new ReloadReport(now.name(), loaded, unloaded, now.refused(), now.versions(),
                String.valueOf(now.defaultVersion()), now.pinned() == null ? null : String.valueOf(now.pinned()),
                now.policy());
    }
}
