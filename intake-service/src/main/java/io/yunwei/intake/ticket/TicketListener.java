package io.yunwei.intake.ticket;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.micrometer.observation.ObservationRegistry;
import io.yunwei.chassis.consumer.SubjectBatches;

/**
 * Keeps each ticket's status and timeline in step with what the other services announce. It takes what a poll brought
 * as one batch and applies each ticket's events in it together, with one read and one write of the ticket
 * ({@link SubjectBatches}, {@link TicketService#follow}): a visit's completion alone announces five events at once,
 * and a ticket's events from every topic sit on the same partition number, so on the same consumer. Three consumers
 * share the topics' partitions: one alone, waiting on the store in turn, could not clear a broker outage's backlog in
 * time; more than three did not clear it sooner, as behind an outage of every process the machine's CPU is what the
 * backlog waits on. A ticket's events from one topic stay in order; its events from different topics meet in the
 * store's conditional write, which retries the loser.
 */
@Component
class TicketListener {

    private final TicketService tickets;
    private final SubjectBatches batches;

    TicketListener(TicketService tickets, ObservationRegistry observations) {
        this.tickets = tickets;
        this.batches = new SubjectBatches(observations, "intake-ticket-listener");
    }

    @KafkaListener(topics = { "dispatch.events", "field.events", "followup.events" }, concurrency = "3",
            batch = "true", containerPostProcessor = SubjectBatches.CONTAINER)
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(records, tickets::follow);
    }
}
