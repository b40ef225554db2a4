package com.stockvolume.service.admin;

import com.stockvolume.service.config.AdminConfig;
import com.stockvolume.service.problem.Problem;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.Optional;

/**
 * Guards {@link AdminOnly} endpoints: 404 while no admin token is configured (the endpoints are
 * off), 401 without a bearer token, 403 with a wrong one. Nothing here logs or echoes the token.
 */
@Provider
@AdminOnly
public class AdminAuthFilter implements ContainerRequestFilter {

    private final Instance<AdminConfig> config;
    private volatile Optional<AdminToken> token;

    // Quarkus REST creates providers during static init, before runtime config mappings exist:
    // the config is read on the first admin call instead.
    public AdminAuthFilter(Instance<AdminConfig> config) {
        this.config = config;
    }

    private Optional<AdminToken> token() {
        Optional<AdminToken> known = token;
        if (known == null) {
            known = config.get().token().map(AdminToken::new);
            token = known;
        }
        return known;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<AdminToken> token = token();
        if (token.isEmpty()) {
            request.abortWith(Problem.response("/problems/admin-off", 404,
                    "the admin endpoints are off; set admin.token (env ADMIN_TOKEN) to turn them on", null));
            return;
        }
        switch (token.get().check(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case MISSING -> request.abortWith(Response.fromResponse(Problem.response("/problems/unauthorized", 401,
                    "send the admin token as 'Authorization: Bearer <token>'", null))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"admin\"")
                    .build());
            case WRONG -> request.abortWith(Problem.response("/problems/forbidden", 403,
                    "the admin token is not valid", null));
            case GRANTED -> {
            }
        }
    }
}
