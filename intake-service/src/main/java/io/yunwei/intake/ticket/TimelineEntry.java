package io.yunwei.intake.ticket;

import java.time.Instant;

/** One lifecycle event of a ticket, from whichever service announced it. */
public record TimelineEntry(String eventId, String type, String source, long sequence, Instant at, TicketStatus status) {
}
