package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where the model comes from and how it runs. Every default serves from the repository root. */
@ConfigMapping(prefix = "model")
public interface ModelConfig {

    /**
     * The model repository, laid out as {@code <repository>/<name>/<version>/model.onnx} and
     * {@code model-card.json}; a relative path is resolved against the working directory.
     */
    @WithDefault("model")
    String repository();

    /** The default model: the one GET /predict, POST /v1/predictions and from-bars serve. */
    @WithDefault("stock-volume")
    String name();

    /**
     * The models to serve, e.g. {@code stock-volume,stock-volume-forecast}; unset, every folder of
     * the repository that holds a version folder (and always {@link #name()}).
     */
    Optional<List<String>> names();

    /**
     * Which version folders of each model are served: {@code latest} (the highest), {@code all}, or a
     * list such as {@code 3,4}. Unversioned calls use the highest loaded version unless one is pinned.
     */
    @WithDefault("latest")
    String versions();

    /**
     * A model's own policy, overriding {@link #versions()} for it, e.g.
     * {@code model.policy."stock-volume-forecast"=all}. None by default.
     */
    @WithName("policy")
    Map<String, String> policies();

    /**
     * How often to rescan the repository for new or removed versions, as a duration such as
     * {@code 30s}; {@code off} rescans only on {@code POST /admin/models/{name}/reload}.
     */
    @WithDefault("off")
    String pollInterval();

    /** ONNX Runtime intra-op threads per inference call; 1 suits many small concurrent calls. At least 1. */
    @WithDefault("1")
    @Min(1)
    int intraOpThreads();

    /**
     * Whether a model that fails to load at startup ends the process (exit code 1, one-line
     * error). Off, the service stays up with readiness DOWN and the reason, answering 503.
     */
    @WithDefault("true")
    boolean exitOnLoadFailure();
}
