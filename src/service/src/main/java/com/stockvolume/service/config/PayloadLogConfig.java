package com.stockvolume.service.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Payload logging as KServe's logger does it (payloadlog.PayloadLog): each inference request and its answer posted
 * as a CloudEvent to a sink, off the request path, through a queue bounded in events and bytes.
 */
@ConfigMapping(prefix = "payload-log")
public interface PayloadLogConfig {

    /** Which of an exchange's two events are sent. */
    enum Mode {
        ALL, REQUEST, RESPONSE
    }

    /** The sink the events are posted to (HTTP binary mode); absent (the default): payload logging is off. */
    Optional<URI> url();

    /** {@code all} (the default), {@code request} or {@code response}. */
    @WithDefault("all")
    Mode mode();

    /** The share of exchanges logged, drawn per exchange; its request and response are logged together. */
    @WithDefault("1")
    @DecimalMin("0")
    @DecimalMax("1")
    double sampleRatio();

    /** The most events waiting or being sent; past it an event is dropped (reason {@code queue-full}). */
    @WithDefault("1000")
    @Min(1)
    int queueEvents();

    /**
     * The most bytes of events held, counted while they are written: past it an event is dropped (reason
     * {@code queue-full}). Part of the heap the admission budgets do not hold (docs/observability.md).
     */
    @WithDefault("4M")
    MemorySize queueBytes();

    /** How long one post may take, connecting included; a slower sink's event is dropped ({@code sink-timeout}). */
    @WithDefault("5s")
    Duration timeout();

    /** Posts in flight at once: one sender thread each. */
    @WithDefault("2")
    @Min(1)
    @Max(64)
    int connections();

    /** {@code ce-source}; absent: {@code urn:stock-volume-service:<host name>} (the pod's name in Kubernetes). */
    Optional<URI> source();

    /** KServe's {@code ce-namespace} extension, when set (the pod's namespace, say). */
    Optional<String> namespace();
}
