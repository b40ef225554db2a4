package com.stockvolume.service.metrics;

import io.github.mweirauch.micrometer.jvm.extras.ProcessMemoryMetrics;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;

/**
 * process_memory_rss_bytes (and vss, swap) from /proc/self/status: ONNX Runtime's native memory
 * and glibc's malloc arenas are outside the JVM's meters, and RSS is what a pod's limit counts.
 */
public class ProcessMemory {

    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "process.memory.rss", "Resident memory of the process (what a pod's memory limit counts), from /proc/self/status",
            "process.memory.vss", "Virtual memory of the process, from /proc/self/status",
            "process.memory.swap", "Swapped-out memory of the process, from /proc/self/status");

    @Produces
    @Singleton
    MeterBinder processMemoryMetrics() {
        return new ProcessMemoryMetrics();
    }

    /** The library registers these without a description; a scraper and promtool expect HELP text. */
    @Produces
    @Singleton
    MeterFilter processMemoryDescriptions() {
        return new MeterFilter() {

            @Override
            public Meter.Id map(Meter.Id id) {
                String description = DESCRIPTIONS.get(id.getName());
                return description == null || (id.getDescription() != null && !id.getDescription().isBlank())
                        ? id
                        : new Meter.Id(id.getName(), Tags.of(id.getTags()), id.getBaseUnit(), description, id.getType());
            }
        };
    }
}
