package io.yunwei.intake.ticket;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The call centre's process measured for operations: what is recorded and opened by channel, how complete the
 * 5W1H record is when first taken, and the SLA warnings and breaches by target, tier and priority. Meters are
 * built on first use; a ticket without a contract tier is tagged {@code tier="NONE"}.
 */
@Component
class TicketMetrics {

    static final String NO_TIER = "NONE";
    /**
     * Completeness is a share of six dimensions: one bucket per number of dimensions present (k/6, rounded up; the
     * first, 0.01, holds the empty records, as Micrometer takes positive bounds only).
     */
    private static final double[] COMPLETENESS_BUCKETS = { 0.01, 0.17, 0.34, 0.5, 0.67, 0.84, 1.0 };

    private final MeterRegistry meters;

    TicketMetrics(MeterRegistry meters) {
        this.meters = meters;
        // registered at start, so a dashboard shows zero rather than no data before the first resolution
        for (Priority priority : Priority.values()) {
            timeToResolution(priority);
        }
    }

    /** From opening (or reopening) to the resolving visit's completion, in wall-clock time, for a closed ticket. */
    void resolved(Ticket ticket) {
        if (ticket.openedAt() != null && ticket.resolvedAt() != null && !ticket.resolvedAt().isBefore(ticket.openedAt())) {
            timeToResolution(ticket.priority()).record(Duration.between(ticket.openedAt(), ticket.resolvedAt()));
        }
    }

    private Timer timeToResolution(Priority priority) {
        return Timer.builder("yunwei.tickets.time.to.resolution")
                .description("From a ticket's opening to the completion of the visit that resolved it, by priority")
                .tag("priority", priority.name()).publishPercentileHistogram().register(meters);
    }

    void recorded(Ticket ticket) {
        String channel = ticket.channel().name();
        Counter.builder("yunwei.tickets.recorded").description("Tickets recorded, by channel").tag("channel", channel)
                .register(meters).increment();
        DistributionSummary.builder("yunwei.tickets.completeness")
                .description("Share of the six 5W1H dimensions present when a ticket is recorded (0 to 1)")
                .tag("channel", channel).serviceLevelObjectives(COMPLETENESS_BUCKETS).minimumExpectedValue(0.01)
                .maximumExpectedValue(1.0).register(meters).record(ticket.completeness().score());
        if (ticket.duplicateOf() != null) {
            count("yunwei.tickets.linked", "Reports linked to an asset's open ticket instead of opening", channel);
        }
        if (!ticket.contractFlags().isEmpty()) {
            count("yunwei.tickets.outside.contract", "Reports outside the customer's contract, held for an override",
                    channel);
        }
        if (Boolean.FALSE.equals(ticket.callerVerified())) {
            Counter.builder("yunwei.tickets.caller.unverified")
                    .description("Customer calls whose caller is not one of the customer's contacts").register(meters)
                    .increment();
        }
        if (ticket.status() == TicketStatus.OPEN) {
            opened(ticket);
        }
    }

    void opened(Ticket ticket) {
        count("yunwei.tickets.opened", "Tickets opened (sent on to dispatch), by channel", ticket.channel().name());
    }

    void reopened(Ticket ticket) {
        count("yunwei.tickets.reopened", "Closed tickets reopened because the fault recurred", ticket.channel().name());
    }

    void slaWarned(Ticket ticket, List<SlaTarget> targets) {
        sla("yunwei.sla.warnings", "SLA warnings sent (a share of a target's time used up)", ticket, targets);
    }

    void slaBreached(Ticket ticket, List<SlaTarget> targets) {
        sla("yunwei.sla.breaches", "SLA targets breached", ticket, targets);
    }

    private void sla(String name, String description, Ticket ticket, List<SlaTarget> targets) {
        String tier = ticket.slaClock() == null || ticket.slaClock().tier() == null ? NO_TIER : ticket.slaClock().tier();
        targets.forEach(target -> Counter.builder(name).description(description).tag("target", target.name())
                .tag("tier", tier).tag("priority", ticket.priority().name()).register(meters).increment());
    }

    private void count(String name, String description, String channel) {
        Counter.builder(name).description(description).tag("channel", channel).register(meters).increment();
    }
}
