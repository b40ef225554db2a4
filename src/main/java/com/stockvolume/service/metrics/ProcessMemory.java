package com.stockvolume.service.metrics;

import io.github.mweirauch.micrometer.jvm.extras.ProcessMemoryMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * process_memory_rss_bytes (and vss, swap) from /proc/self/status: ONNX Runtime's native memory
 * and glibc's malloc arenas are outside the JVM's meters, and RSS is what a pod's limit counts.
 */
public class ProcessMemory {

    @Produces
    @Singleton
    MeterBinder processMemoryMetrics() {
        return new ProcessMemoryMetrics();
    }
}
