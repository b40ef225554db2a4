package com.stockvolume.service.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The methods each path of the API allows, read once from the JAX-RS resources' annotations: the
 * {@code Allow} header that RFC 9110 requires on a 405 (Quarkus REST leaves it out) and the answer
 * to OPTIONS (Quarkus REST's own lists the methods of neighbouring paths too).
 */
@ApplicationScoped
public class AllowedMethods {

    /** {@code {name}} or {@code {name: regex}} in a JAX-RS path template. */
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*\\})*))?\\}");

    private record Route(Pattern path, String method) {
    }

    private final List<Route> routes = new ArrayList<>();

    public AllowedMethods(BeanManager beans) {
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Path root = bean.getBeanClass().getAnnotation(Path.class);
            if (root != null) {
                for (Method method : bean.getBeanClass().getMethods()) {
                    String http = httpMethod(method);
                    if (http != null) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(new Route(pattern(root.value() + "/" + (sub == null ? "" : sub.value())), http));
                    }
                }
            }
        }
    }

    /** OPTIONS on a path some resource serves: 200 with exactly its methods in Allow. */
    @ServerRequestFilter(preMatching = true)
    public Optional<Response> options(ContainerRequestContext request) {
        if (!HttpMethod.OPTIONS.equals(request.getMethod())) {
            return Optional.empty();
        }
        String allow = allow(request.getUriInfo().getPath());
        return allow == null ? Optional.empty() : Optional.of(Response.ok().header(HttpHeaders.ALLOW, allow).build());
    }

    /** "GET, HEAD, OPTIONS" for a path some resource serves; null for a path none does. */
    public String allow(String path) {
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches()) {
                methods.add(route.method());
            }
        }
        if (methods.isEmpty()) {
            return null;
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD); // JAX-RS answers HEAD wherever GET is served
        }
        methods.add(HttpMethod.OPTIONS);
        return String.join(", ", methods);
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** A path template as a regular expression: literal text quoted, each parameter its own regex or one segment. */
    static Pattern pattern(String template) {
        String normalised = ("/" + template).replaceAll("/+", "/");
        if (normalised.length() > 1 && normalised.endsWith("/")) {
            normalised = normalised.substring(0, normalised.length() - 1);
        }
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(normalised);
        int last = 0;
        while (parameter.find()) {
            regex.append(Pattern.quote(normalised.substring(last, parameter.start())));
            regex.append('(').append(parameter.group(1) == null ? "[^/]+" : parameter.group(1).trim()).append(')');
            last = parameter.end();
        }
        regex.append(Pattern.quote(normalised.substring(last))).append("/?");
        return Pattern.compile(regex.toString());
    }
}
