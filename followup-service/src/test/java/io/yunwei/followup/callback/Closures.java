package io.yunwei.followup.callback;

import io.yunwei.chassis.testkit.TestEvents;

/** Object mother for the closures intake announces. */
final class Closures {

    private Closures() {
    }

    /** Closes {@code ticket} as intake would, long ago, so its callback and revisit are already due. */
    static void close(TestEvents intake, String ticket, int cycle, String engineerId, long sequence) {
        intake.send("intake.events", "ticket.closed.v1", ticket, sequence,
                "{\"ticketId\":\"%s\",\"number\":\"YW-1\",\"customerId\":\"acme\",\"engineerId\":\"%s\",\"cycle\":%d,\"closedAt\":\"2026-11-%02dT09:00:00Z\"}"
                        .formatted(ticket, engineerId, cycle, 2 + cycle));
    }
}
