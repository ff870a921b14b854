package io.yunwei.gateway.routing;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.HandlerFilterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Routes with {@code uri: service://<name>} lead to the instances in {@code yunwei.gateway.services.<name>}. The
 * gateway looks up a bean named {@code <scheme>HandlerFunctionDefinition} for a route's URI scheme; the one here proxies
 * like {@code http://} does, with the service's {@link ServiceInstances} as the innermost filter, inside the filters the
 * route configures (its circuit breaker among them, and {@code SetPath}, whose path it sends), so a call taken on to
 * another instance is still one call to the breaker ({@code ServiceInstancesIT} checks both).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServiceProperties.class)
class ServiceRoutes {

    static final String SCHEME = "service";

    @Bean
    Function<RouteProperties, HandlerFunctionDefinition> serviceHandlerFunctionDefinition(ServiceProperties properties,
            MeterRegistry meters) {
        // one round robin per service, whichever of its routes a call takes
        Map<String, ServiceInstances> services = new HashMap<>();
        properties.services().forEach((name, instances) -> services.put(name,
                new ServiceInstances(name, instances, properties.instanceDownFor(), meters)));
        return route -> {
            URI uri = route.getUri();
            String name = uri == null ? null : uri.getHost() != null ? uri.getHost() : uri.getAuthority();
            ServiceInstances instances = name == null ? null : services.get(name.toLowerCase(Locale.ROOT));
            if (instances == null) {
                throw new IllegalStateException("Route '" + route.getId() + "' leads to " + uri
                        + ", but no yunwei.gateway.services." + name + " names its instances (configured: "
                        + services.keySet().stream().sorted().toList() + ")");
            }
            // the lower-precedence filters run outermost, before the route's own; the higher-precedence innermost
            return new HandlerFunctionDefinition.Default(SCHEME, HandlerFunctions.http(),
                    List.of(routeId(route.getId())), List.of(instances));
        };
    }

    /** As for {@code http://} routes: the route id names the service in problem responses and metrics. */
    private static HandlerFilterFunction<ServerResponse, ServerResponse> routeId(String id) {
        return (request, next) -> {
            MvcUtils.setRouteId(request, id);
            return next.handle(request);
        };
    }
}
