package com.stockvolume.service.admin;

import com.stockvolume.service.config.ModelConfig;
import com.stockvolume.service.model.ModelManager;
import com.stockvolume.service.model.ModelUnavailableException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Rescans the repository every {@code model.poll-interval}; never when it is {@code off} (the default). */
@ApplicationScoped
public class RepositoryPoller {

    private final ModelManager models;
    private final ModelConfig config;

    public RepositoryPoller(ModelManager models, ModelConfig config) {
        this.models = models;
        this.config = config;
    }

    @Scheduled(every = "${model.poll-interval:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        try {
            models.reload(config.name());
        } catch (ModelUnavailableException e) {
            // the manager has logged it; the next poll tries again
        }
    }
}
