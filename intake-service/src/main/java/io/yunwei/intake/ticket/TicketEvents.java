package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.yunwei.intake.customer.Customer.AccessRules;
import io.yunwei.intake.customer.Customer.SiteLocation;
import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.SlaPolicy.Sla;
import io.yunwei.intake.ticket.Ticket.ContractFlag;

/** What intake publishes on {@code intake.events}: wire names and payloads. Add fields, never rename them. */
public final class TicketEvents {

    public static final String RECORDED = "ticket.recorded.v1";
    public static final String OPENED = "ticket.opened.v1";
    public static final String STATUS_CHANGED = "ticket.status-changed.v1";
    public static final String CLOSED = "ticket.closed.v1";
    public static final String REOPENED = "ticket.reopened.v1";
    public static final String AMENDED = "ticket.amended.v1";
    public static final String CANCELLED = "ticket.cancelled.v1";
    /** Keyed by the ticket during whose visit the asset's information was collected; {@code assetId} names the asset. */
    public static final String ASSET_UPDATED = "asset.updated.v1";
    public static final String SLA_WARNING = "ticket.sla-warning.v1";
    public static final String SLA_BREACHED = "ticket.sla-breached.v1";
    public static final String SLA_REAPPLIED = "ticket.sla-reapplied.v1";
    public static final String CONTRACT_OVERRIDDEN = "ticket.contract-overridden.v1";

    private TicketEvents() {
    }

    public record TicketRecorded(String ticketId, String number, Channel channel, String customerId, String siteId,
            List<String> assetIds, TicketStatus status, Completeness completeness, Priority priority,
            Instant recordedAt, String callId, Boolean callerVerified, List<ContractFlag> contractFlags,
            String duplicateOf) {
    }

    /** {@code changed} names the 5W1H parts ({@code WHERE}, …) and fields ({@code siteId}, {@code assetIds}) that changed. */
    public record TicketAmended(String ticketId, String number, List<String> changed, String customerId, String siteId,
            String areaCode, List<String> assetIds, List<String> assetCategories, Completeness completeness,
            Priority priority, Sla sla, List<ContractFlag> contractFlags, TicketStatus status, String amendedBy,
            Instant amendedAt) {
    }

    public record AssetUpdated(String assetId, String ticketId, String customerId, Map<String, String> attributes,
            Instant updatedAt) {
    }

    public record SlaWarning(String ticketId, String number, String customerId, SlaTarget target, Instant dueAt,
            Priority priority, String engineerId, Instant warnedAt) {
    }

    public record SlaBreached(String ticketId, String number, String customerId, SlaTarget target, Instant dueAt,
            Priority priority, String engineerId, Instant breachedAt) {
    }

    public record SlaReapplied(String ticketId, String number, String customerId, Priority priority, Sla sla,
            String reason, String reappliedBy, Instant reappliedAt) {
    }

    public record TicketCancelled(String ticketId, String number, String customerId, TicketStatus from, String reason,
            String cancelledBy, Instant cancelledAt) {
    }

    public record TicketContractOverridden(String ticketId, String number, String customerId,
            List<ContractFlag> contractFlags, String reason, String agent, Instant overriddenAt) {
    }

    public record TicketOpened(String ticketId, String number, Channel channel, String customerId, String siteId,
            String areaCode, List<String> assetIds, List<String> assetCategories, Priority priority, Sla sla,
            String symptom, String location, Instant openedAt, AccessRules accessRules, SiteLocation siteLocation) {
    }

    public record TicketStatusChanged(String ticketId, TicketStatus from, TicketStatus to, String cause, Instant at) {
    }

    public record TicketClosed(String ticketId, String number, String customerId, String engineerId, Instant resolvedAt,
            Instant closedAt, int cycle) {
    }

    public record TicketReopened(String ticketId, String number, String customerId, String siteId, String areaCode,
            List<String> assetCategories, Priority priority, String reason, String previousEngineerId, int cycle,
            Instant reopenedAt, AccessRules accessRules, SiteLocation siteLocation) {
    }
}
