package com.stockvolume.service.config;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The admin endpoints (reload, pin): off unless a token is set. */
@ConfigMapping(prefix = "admin")
public interface AdminConfig {

    /**
     * The bearer token admin calls must send ({@code Authorization: Bearer <token>}); set it
     * with the environment variable {@code ADMIN_TOKEN}. Unset (the default), /admin answers 404.
     */
    Optional<String> token();
}
