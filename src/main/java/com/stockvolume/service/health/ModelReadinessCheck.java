package com.stockvolume.service.health;

import com.stockvolume.service.model.LoadedModel;
import com.stockvolume.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the model is loaded and its card's sample rows reproduced. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelReadinessCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<LoadedModel> model = registry.current();
        if (model.isPresent()) {
            return HealthCheckResponse.named("model")
                    .up()
                    .withData("name", model.get().name())
                    .withData("version", model.get().version())
                    .withData("sha256", model.get().card().sha256())
                    .build();
        }
        return HealthCheckResponse.named("model")
                .down()
                .withData("reason", registry.failure().orElse("no model loaded"))
                .build();
    }
}
