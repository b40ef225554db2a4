package com.stockvolume.service.model;

import com.stockvolume.service.config.ModelConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Rescans every model's folder every {@code model.poll-interval} ({@link ModelConfig#pollInterval()}); never when
 * it is {@code off}, the default. Scheduled once the application has started, and skipped once it is stopping, so
 * a scan never runs against a stopped container.
 */
@ApplicationScoped
public class RepositoryPoller {

    private volatile boolean stopping;

    void start(@Observes StartupEvent started, Scheduler scheduler, ModelConfig config, ModelManager models) {
        if ("off".equalsIgnoreCase(config.pollInterval())) {
            return;
        }
        scheduler.newJob(RepositoryPoller.class.getName()).setInterval(config.pollInterval())
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setSkipPredicate(execution -> stopping)
                .setTask(execution -> models.reloadAll())
                .schedule();
    }

    void stop(@Observes ShutdownEvent stopped) {
        stopping = true;
    }
}
