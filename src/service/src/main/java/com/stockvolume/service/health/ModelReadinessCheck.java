package com.stockvolume.service.health;

import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every served model has a version loaded whose card's sample rows it reproduced, and the
 * warm-up (health.Warmup, when configured) has ended; DOWN while any has none (with
 * {@code model.exit-on-load-failure=false}), naming why, or "warming up".
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    /** UP once every model has a version served; the data names the default model's version and every model's. */
    @Override
    public HealthCheckResponse call() {
        Map<String, ModelVersions> served = registry.current();
        if (registry.ready()) {
            ModelVersions model = served.get(registry.defaultName());
            return HealthCheckResponse.named("model")
                    .up()
                    .withData("name", model.name())
                    .withData("version", model.defaultModel().version())
                    .withData("sha256", model.defaultModel().card().sha256())
                    .withData("versions", String.join(",", model.versions()))
                    .withData("models", served.values().stream()
                            .map(m -> m.name() + ":" + m.defaultModel().version()).collect(Collectors.joining(",")))
                    .build();
        }
        if (registry.loaded() && registry.warming()) {
            return HealthCheckResponse.named("model").down().withData("reason", "warming up").build();
        }
        return HealthCheckResponse.named("model")
                .down()
                .withData("reason", registry.failures().entrySet().stream()
                        .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("; ")))
                .build();
    }
}
