package io.yunwei.followup.supervisor;

import org.springframework.stereotype.Component;

/**
 * Decides which supervisor answers for a ticket, from what follow-up knows of it: a customer with its own account
 * supervisor goes to them; otherwise the supervisor of the site's area; otherwise the configured default
 * supervisor, so no closure goes unreported.
 */
@Component
class ResponsibleSupervisor {

    private final SupervisorProperties properties;

    ResponsibleSupervisor(SupervisorProperties properties) {
        this.properties = properties;
    }

    Responsibility of(String customerId, String areaCode) {
        if (customerId != null && properties.customers().containsKey(customerId)) {
            return new Responsibility(properties.customers().get(customerId), "CUSTOMER:" + customerId);
        }
        if (areaCode != null && properties.areas().containsKey(areaCode)) {
            return new Responsibility(properties.areas().get(areaCode), "AREA:" + areaCode);
        }
        return new Responsibility(properties.defaultSupervisor(), "DEFAULT");
    }

    /** The supervisor, and on what grounds they are the responsible one. */
    record Responsibility(String supervisorId, String basis) {
    }
}
