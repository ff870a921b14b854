package io.yunwei.intake.ticket;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/**
 * Keeps each ticket's status and timeline in step with what the other services announce. Three consumers share the
 * topics' partitions: each record waits on two store round trips (the ticket read, its write committed to the file),
 * and one consumer alone, waiting on them in turn, could not clear a broker outage's backlog in time. More than three
 * did not clear it sooner: behind an outage of every process the machine's CPU is what the backlog waits on. A ticket's
 * events from one topic stay on one partition, so in order; its events from different topics meet in the store's
 * conditional write, which retries the loser.
 */
@Component
class TicketListener {

    private final TicketService tickets;

    TicketListener(TicketService tickets) {
        this.tickets = tickets;
    }

    @KafkaListener(topics = { "dispatch.events", "field.events", "followup.events" }, concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        tickets.follow(InboundEvent.from(record));
    }
}
