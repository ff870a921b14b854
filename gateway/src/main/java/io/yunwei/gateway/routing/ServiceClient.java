package io.yunwei.gateway.routing;

import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the routes call the services with (Apache HttpClient, chosen by Spring Cloud Gateway when it is on
 * the class path): kept-alive connections, a proxy's manners, and bounds of its own.
 * <ul>
 * <li>Up to {@code yunwei.gateway.connections-per-service} connections to each service instance (256): calls beyond
 * wait for one for at most the connect timeout, then answer 503 like a service that cannot be reached.</li>
 * <li>Nothing stateful between callers: no cookie store, no authentication cache, no connection state, so that one
 * caller's exchange never leaks into another's.</li>
 * <li>Bodies pass as they are: no content decompression and no redirects followed (the caller sees the service's
 * answer), no User-Agent of the client's own.</li>
 * <li>A call that failed is not retried by the client: one whose connection was refused goes on to another instance of
 * the service ({@link ServiceInstances}); any other the circuit breaker counts and the caller decides.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class ServiceClient {

    @Bean
    ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> serviceClientManners(
            @Value("${yunwei.gateway.connections-per-service:256}") int perService,
            @Value("${spring.http.clients.connect-timeout:2s}") java.time.Duration waitForConnection) {
        return builder -> builder
                .withConnectionManagerCustomizer(pool -> pool.setMaxConnPerRoute(perService)
                        .setMaxConnTotal(perService * 8))
                .withDefaultRequestConfigCustomizer(request -> request
                        .setConnectionRequestTimeout(waitForConnection.toMillis(), TimeUnit.MILLISECONDS))
                .withHttpClientCustomizer(client -> client.disableCookieManagement().disableAuthCaching()
                        .disableConnectionState().disableContentCompression().disableRedirectHandling()
                        .disableDefaultUserAgent().disableAutomaticRetries());
    }
}
