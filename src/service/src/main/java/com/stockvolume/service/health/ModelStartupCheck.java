package com.stockvolume.service.health;

import com.stockvolume.service.model.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/**
 * Started once the startup model load has finished, whether or not it succeeded: a failed load
 * is readiness's business (or ends the process), not a reason for Kubernetes to keep waiting.
 */
@Startup
@ApplicationScoped
public class ModelStartupCheck implements HealthCheck {

    private final ModelRegistry registry;

    public ModelStartupCheck(ModelRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("model-load-attempted").status(registry.attempted()).build();
    }
}
