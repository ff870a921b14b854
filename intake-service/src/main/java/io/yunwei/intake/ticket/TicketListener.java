package io.yunwei.intake.ticket;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.InboundEvent;

/** Keeps each ticket's status and timeline in step with what the other services announce. */
@Component
class TicketListener {

    private final TicketService tickets;

    TicketListener(TicketService tickets) {
        this.tickets = tickets;
    }

    @KafkaListener(topics = { "dispatch.events", "field.events", "followup.events" })
    void on(ConsumerRecord<String, String> record) {
        tickets.follow(InboundEvent.from(record));
    }
}
