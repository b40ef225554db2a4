package com.stockvolume.service.admin;

import com.stockvolume.service.config.AdminConfig;
import com.stockvolume.service.failure.Failure;
import com.stockvolume.service.failure.ProblemMappers;
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

    private static Response refusal(ContainerRequestContext request, Failure failure, String detail) {
        return ProblemMappers.response(request.getUriInfo().getPath(), failure, detail, null, 0);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<AdminToken> token = token();
        if (token.isEmpty()) {
            request.abortWith(refusal(request, Failure.ADMIN_OFF,
                    "the admin endpoints are off; set admin.token (env ADMIN_TOKEN) to turn them on"));
            return;
        }
        switch (token.get().check(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case MISSING -> request.abortWith(Response.fromResponse(refusal(request, Failure.UNAUTHORIZED,
                    "send the admin token as 'Authorization: Bearer <token>'"))
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"admin\"")
                    .build());
            case WRONG -> request.abortWith(refusal(request, Failure.FORBIDDEN, "the admin token is not valid"));
            case GRANTED -> {
            }
        }
    }
}
