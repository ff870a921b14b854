package io.yunwei.intake.ticket;

import java.time.Instant;
import java.util.List;

import io.yunwei.intake.ticket.FaultRecord.Completeness;
import io.yunwei.intake.ticket.SlaPolicy.Sla;

/** What intake publishes on {@code intake.events}: wire names and payloads. Add fields, never rename them. */
public final class TicketEvents {

    public static final String RECORDED = "ticket.recorded.v1";
    public static final String OPENED = "ticket.opened.v1";
    public static final String STATUS_CHANGED = "ticket.status-changed.v1";
    public static final String CLOSED = "ticket.closed.v1";
    public static final String REOPENED = "ticket.reopened.v1";

    private TicketEvents() {
    }

    public record TicketRecorded(String ticketId, String number, Channel channel, String customerId, String siteId,
            List<String> assetIds, TicketStatus status, Completeness completeness, Priority priority,
            Instant recordedAt) {
    }

    public record TicketOpened(String ticketId, String number, Channel channel, String customerId, String siteId,
            String areaCode, List<String> assetIds, List<String> assetCategories, Priority priority, Sla sla,
            String symptom, String location, Instant openedAt) {
    }

    public record TicketStatusChanged(String ticketId, TicketStatus from, TicketStatus to, String cause, Instant at) {
    }

    public record TicketClosed(String ticketId, String number, String customerId, String engineerId, Instant resolvedAt,
            Instant closedAt, int cycle) {
    }

    public record TicketReopened(String ticketId, String number, String customerId, String siteId, String areaCode,
            List<String> assetCategories, Priority priority, String reason, String previousEngineerId, int cycle,
            Instant reopenedAt) {
    }
}
