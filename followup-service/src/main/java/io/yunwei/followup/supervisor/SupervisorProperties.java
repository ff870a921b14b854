package io.yunwei.followup.supervisor;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who supervises what: {@code customers} maps a customer id to the supervisor of that account, {@code areas} maps
 * an area code (the site's, as intake announces it) to the supervisor of that area, and {@code defaultSupervisor}
 * gets everything else. Supervisors are named by the subject of their token.
 */
@ConfigurationProperties("yunwei.followup.supervisors")
public record SupervisorProperties(String defaultSupervisor, Map<String, String> customers, Map<String, String> areas) {

    public SupervisorProperties {
        // maps get their defaults here: a @DefaultValue on a Map component keeps the bean from registering
        defaultSupervisor = defaultSupervisor == null || defaultSupervisor.isBlank() ? "supervisor" : defaultSupervisor;
        customers = customers == null ? Map.of() : Map.copyOf(customers);
        areas = areas == null ? Map.of() : Map.copyOf(areas);
    }
}
