package com.stockvolume.service.admin;

import com.stockvolume.service.model.ModelManager;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** Rescans every model's folder every {@code model.poll-interval}; never when it is {@code off} (the default). */
@ApplicationScoped
public class RepositoryPoller {

    private final ModelManager models;

    public RepositoryPoller(ModelManager models) {
        this.models = models;
    }

    @Scheduled(every = "${model.poll-interval:off}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        models.reloadAll();
    }
}
