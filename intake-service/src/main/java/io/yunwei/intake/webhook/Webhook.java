package io.yunwei.intake.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.index.Indexed;
import org.springframework.data.mongodb.core.mapping.Document;

import io.yunwei.chassis.web.IfMatch;

/**
 * A subscription: where to send which events, for which customer organisation ({@code customerId}; none means every
 * organisation, which only an administrator may set up), and the secrets its messages are signed with, encrypted.
 *
 * @param events exact event types ({@code ticket.closed.v1}), families ({@code ticket.*}) or {@code *}
 * @param secrets the signing secrets, newest first; a rotated one signs beside the new one until it retires
 * @param failingSince when the endpoint started failing, if its last attempt failed
 * @param creationKey the caller and {@code Idempotency-Key} it was created with, so a retry finds it
 * @param creationRequest a hash of the creating request, so a key reused for another request is refused
 * @param revision counts the changes to what its owner may edit and to whether it is enabled: its {@code ETag}
 *        (none in documents written before it was kept: 0)
 */
@Document("webhooks")
record Webhook(@Id String id, String customerId, String url, List<String> events, String description, boolean enabled,
        String disabledReason, Instant disabledAt, List<Secret> secrets, Instant createdAt, String createdBy,
        Instant updatedAt, Instant failingSince, @Indexed(unique = true, sparse = true) String creationKey,
        String creationRequest, Long revision) {

    /** Families of event types a filter may name. */
    static final Set<String> FAMILIES = Set.of("ticket", "asset", "dispatch", "appointment", "customer", "visit",
            "callback", "survey", "revisit", "fault", "incident-report", "knowledge", "supervisor", "webhook");
    static final Pattern EXACT = Pattern.compile("^([a-z][a-z-]*)\\.[a-z][a-z-]*\\.v[1-9][0-9]*$");
    static final Pattern FAMILY = Pattern.compile("^([a-z][a-z-]*)\\.\\*$");
    static final String TEST_EVENT = "webhook.test.v1";

    /**
     * A signing secret as stored.
     *
     * @param sealed the secret encrypted ({@link SigningSecrets#encrypt})
     * @param retiresAt when it stops signing, once a newer one has replaced it
     */
    record Secret(String sealed, Instant createdAt, Instant retiresAt) {

        boolean signsAt(Instant now) {
            return retiresAt == null || now.isBefore(retiresAt);
        }
    }

    /** This subscription as it is once an attempt succeeded: not failing. */
    Webhook healthy() {
        return failingSince == null ? this : new Webhook(id, customerId, url, events, description, enabled, disabledReason,
                disabledAt, secrets, createdAt, createdBy, updatedAt, null, creationKey, creationRequest, revision);
    }

    /** The {@code ETag} of the subscription as it is. */
    String etag() {
        return IfMatch.etag(revision == null ? 0 : revision);
    }

    /** Whether a filter names a type: {@code *}, a family such as {@code ticket.*}, or the type itself. */
    static boolean matches(List<String> filters, String type) {
        for (String filter : filters) {
            if (filter.equals("*") || filter.equals(type)
                    || (filter.endsWith(".*") && type.startsWith(filter.substring(0, filter.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether this subscription takes an event of this type about a ticket of this organisation; while disabled it
     * still does, and its messages wait.
     */
    boolean wants(String type, String ticketCustomerId) {
        return matches(events, type) && (customerId == null || customerId.equals(ticketCustomerId));
    }

    /** Why a filter is not one a subscription may hold, or null if it is. */
    static String invalidFilter(String filter) {
        if (filter == null || filter.equals("*")) {
            return filter == null ? "must not be null" : null;
        }
        var exact = EXACT.matcher(filter);
        var family = FAMILY.matcher(filter);
        String name = exact.matches() ? exact.group(1) : family.matches() ? family.group(1) : null;
        if (name == null) {
            return "must be an event type such as ticket.closed.v1, a family such as ticket.*, or *";
        }
        return FAMILIES.contains(name) ? null : "names no family of events; one of " + FAMILIES.stream().sorted().toList();
    }
}
