package com.stockvolume.service.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A service with room for one 64 KiB body in flight and one more waiting, so a test can fill both.
 * A request may wait a minute (the default is 2 s): the tests hold requests waiting while they check
 * other things, however slow the machine; the one that needs the deadline sets a short one by header.
 */
public class AdmissionProfile implements QuarkusTestProfile {

    static final int MAX_BODY_BYTES = 65_536;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("admission.max-body-bytes", Integer.toString(MAX_BODY_BYTES), "admission.waiting", "1",
                "admission.queue-timeout", "60s");
    }
}
