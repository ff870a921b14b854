package io.yunwei.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the services are: {@code yunwei.gateway.services.<name>} is one base URL or several, comma-separated (or a
 * YAML list), one per instance of the service; a route with {@code uri: service://<name>} takes turns over them (see
 * {@link ServiceInstances}). In Kubernetes one Service URL per service is enough: the Service balances over the pods.
 *
 * @param services each service's instances by name, at least one each: absolute {@code http} or {@code https} URLs
 *        with a host and no path, query or fragment (the gateway forwards the request's own path and query)
 * @param instanceDownFor how long an instance that refused a connection is passed over in favour of the others
 */
@ConfigurationProperties("yunwei.gateway")
record ServiceProperties(@DefaultValue Map<String, List<URI>> services, @DefaultValue("2s") Duration instanceDownFor) {

    ServiceProperties {
        Map<String, List<URI>> checked = new LinkedHashMap<>();
        services.forEach((name, urls) -> checked.put(name.toLowerCase(Locale.ROOT), checked(name, urls)));
        services = Map.copyOf(checked);
        if (instanceDownFor.isNegative()) {
            throw new IllegalArgumentException("yunwei.gateway.instance-down-for must not be negative, but is "
                    + instanceDownFor);
        }
    }

    private static List<URI> checked(String name, List<URI> urls) {
        String property = "yunwei.gateway.services." + name;
        List<URI> instances = new ArrayList<>();
        for (URI url : urls == null ? List.<URI>of() : urls) {
            if (url == null || url.toString().isBlank()) {
                continue;
            }
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
                throw new IllegalArgumentException(property + ": '" + url + "' is not an absolute http or https URL"
                        + " with a host, such as http://" + name + "-service:8081");
            }
            String path = url.getRawPath();
            if ((path != null && !path.isEmpty() && !path.equals("/")) || url.getRawQuery() != null
                    || url.getRawFragment() != null) {
                throw new IllegalArgumentException(property + ": '" + url
                        + "' has a path, query or fragment, which the gateway would not use: it forwards each request's"
                        + " own path and query, so give only the scheme, host and port");
            }
            instances.add(url);
        }
        if (instances.isEmpty()) {
            throw new IllegalArgumentException(property + " names no instance: give one base URL, or several"
                    + " separated by commas, such as http://127.0.0.1:8081,http://127.0.0.1:8091");
        }
        return List.copyOf(instances);
    }
}
