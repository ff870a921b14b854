package io.yunwei.dispatch.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * How fast a ticket moves through dispatch, as Prometheus histograms by ticket priority, and what dispatch decided.
 * Every series is registered at start, so dashboards and alert rules find it (at zero) before the first ticket.
 */
@Component
class DispatchTimings {

    static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4");
    static final String DECISIONS = "yunwei.dispatch.decisions";
    /** What placing a ticket can come to: an engineer, the next engineer after a refusal, or the dispatcher. */
    static final List<String> OUTCOMES = List.of("assigned", "reassigned", "escalated");

    /** What is measured, from which moment to which. */
    enum Stage {
        ASSIGN("yunwei.dispatch.time.to.assign", "From the ticket's opening (or reopening) to its first assignment"),
        ACCEPT("yunwei.dispatch.time.to.accept", "From a dispatch's assignment to the engineer's acceptance"),
        FIRST_CONTACT("yunwei.dispatch.time.to.first.contact",
                "From a dispatch's assignment to the first contact attempt that reached the customer"),
        ARRIVAL("yunwei.dispatch.time.to.arrival", "From a dispatch's assignment to the engineer's check-in on site");

        final String metric;
        final String description;

        Stage(String metric, String description) {
            this.metric = metric;
            this.description = description;
        }
    }

    private final MeterRegistry meters;

    DispatchTimings(MeterRegistry meters) {
        this.meters = meters;
        for (Stage stage : Stage.values()) {
            PRIORITIES.forEach(priority -> timer(stage, priority));
        }
        OUTCOMES.forEach(this::decision);
    }

    /** Counts one placement of a ticket by its outcome. */
    void decided(String outcome) {
        decision(outcome).increment();
    }

    private Counter decision(String outcome) {
        return Counter.builder(DECISIONS).description("Tickets placed by dispatch, by outcome").tag("outcome", outcome)
                .register(meters);
    }

    /** Records one interval; a negative one (clocks of two services apart) says nothing and is left out. */
    void record(Stage stage, String priority, Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return;
        }
        timer(stage, priority).record(Duration.between(from, to));
    }

    private Timer timer(Stage stage, String priority) {
        // service times run from seconds (an instant assignment) to days (an appointment next week)
        return Timer.builder(stage.metric).description(stage.description)
                // a bounded tag: whatever an event carries beyond the known priorities counts as "other"
                .tag("priority", PRIORITIES.contains(priority) ? priority : "other")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofSeconds(1))
                .maximumExpectedValue(Duration.ofDays(14))
                .register(meters);
    }
}
