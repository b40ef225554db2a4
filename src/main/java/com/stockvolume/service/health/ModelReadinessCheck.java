package com.stockvolume.service.health;

import com.stockvolume.service.model.ModelRegistry;
import com.stockvolume.service.model.ModelVersions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once at least one model version is loaded and its card's sample rows reproduced. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<ModelVersions> served = registry.current();
        if (served.isPresent()) {
            ModelVersions model = served.get();
            return HealthCheckResponse.named("model")
                    .up()
                    .withData("name", model.name())
                    .withData("version", model.defaultModel().version())
                    .withData("sha256", model.defaultModel().card().sha256())
                    .withData("versions", String.join(",", model.versions()))
                    .build();
        }
        return HealthCheckResponse.named("model")
                .down()
                .withData("reason", registry.failure().orElse("no model loaded"))
                .build();
    }
}
