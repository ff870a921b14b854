package io.yunwei.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.gateway.server.mvc.config.RouteProperties;
import org.springframework.cloud.gateway.server.mvc.handler.HandlerFunctionDefinition;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** How {@code yunwei.gateway.services} is bound and checked at startup, and what a {@code service://} route gets. */
class ServiceRoutesTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(ServiceRoutes.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void bindsOneBaseUrlOrSeveralSeparatedByCommas() {
        context.withPropertyValues("yunwei.gateway.services.auth=http://localhost:9000",
                "yunwei.gateway.services.intake=http://127.0.0.1:8081, http://127.0.0.1:8091,",
                "yunwei.gateway.services.dispatch[0]=https://dispatch-1.example",
                "yunwei.gateway.services.dispatch[1]=https://dispatch-2.example/").run(started -> {
                    ServiceProperties properties = started.getBean(ServiceProperties.class);

                    assertThat(properties.services()).containsOnlyKeys("auth", "intake", "dispatch");
                    assertThat(properties.services().get("auth")).containsExactly(URI.create("http://localhost:9000"));
                    assertThat(properties.services().get("intake")).containsExactly(
                            URI.create("http://127.0.0.1:8081"), URI.create("http://127.0.0.1:8091"));
                    assertThat(properties.services().get("dispatch")).hasSize(2);
                    assertThat(properties.instanceDownFor()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void bindsSeveralBaseUrlsFromOneEnvironmentVariable() {
        context.withInitializer(app -> app.getEnvironment().getPropertySources().addFirst(
                new SystemEnvironmentPropertySource("test-systemEnvironment", Map.of("YUNWEI_GATEWAY_SERVICES_INTAKE",
                        "http://10.0.0.5:8081,http://10.0.0.6:8081", "YUNWEI_GATEWAY_INSTANCEDOWNFOR", "5s"))))
                .run(started -> {
                    ServiceProperties properties = started.getBean(ServiceProperties.class);

                    assertThat(properties.services().get("intake")).containsExactly(URI.create("http://10.0.0.5:8081"),
                            URI.create("http://10.0.0.6:8081"));
                    assertThat(properties.instanceDownFor()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "intake-service:8081 | is not an absolute http or https URL",
            "ftp://intake-service:8081 | is not an absolute http or https URL",
            "/intake | is not an absolute http or https URL",
            "http://intake-service:8081/api | has a path, query or fragment",
            "http://intake-service:8081?x=1 | has a path, query or fragment",
            "'' | names no instance",
            "' , ' | names no instance" })
    void refusesToStartWithAServiceItCannotCall(String urls, String reason) {
        context.withPropertyValues("yunwei.gateway.services.intake=" + urls).run(started -> {
            assertThat(started).hasFailed();
            assertThat(rootCause(started.getStartupFailure())).hasMessageContaining(reason)
                    .hasMessageStartingWith("yunwei.gateway.services.intake");
        });
    }

    @Test
    void givesAServiceRouteTheProxyWithTheBalancerInsideTheRoutesFilters() {
        context.withPropertyValues("yunwei.gateway.services.intake=http://127.0.0.1:8081,http://127.0.0.1:8091")
                .run(started -> {
                    HandlerFunctionDefinition definition = definitionFor(started.getBean(
                            "serviceHandlerFunctionDefinition", Function.class), "intake-admin", "service://intake");

                    assertThat(definition.lowerPrecedenceFilters()).hasSize(1);
                    assertThat(definition.higherPrecedenceFilters()).singleElement()
                            .isInstanceOfSatisfying(ServiceInstances.class,
                                    instances -> assertThat(instances.service()).isEqualTo("intake"));
                });
    }

    @Test
    void refusesARouteToAServiceWithoutInstances() {
        context.withPropertyValues("yunwei.gateway.services.intake=http://127.0.0.1:8081").run(started -> {
            Function<?, ?> routes = started.getBean("serviceHandlerFunctionDefinition", Function.class);

            assertThatThrownBy(() -> definitionFor(routes, "field", "service://field"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Route 'field' leads to service://field, but no yunwei.gateway.services.field names its"
                            + " instances (configured: [intake])");
        });
    }

    @SuppressWarnings("unchecked")
    private static HandlerFunctionDefinition definitionFor(Function<?, ?> routes, String id, String uri) {
        RouteProperties route = new RouteProperties();
        route.setId(id);
        route.setUri(URI.create(uri));
        return ((Function<RouteProperties, HandlerFunctionDefinition>) routes).apply(route);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root;
    }
}
