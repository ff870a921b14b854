package io.yunwei.followup.archive;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.events.EventRouter;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.followup.knowledge.KnowledgeBase;
import io.yunwei.followup.supervisor.SupervisorNotifications;
import io.yunwei.followup.supervisor.WebhookDisabled;
import tools.jackson.databind.JsonNode;

/**
 * Keeps the archive of every ticket from all topics; at each closure it drafts a knowledge article from it and
 * reports the closure to the responsible supervisor, since the archive is where the engineer's reports are; it also
 * passes intake's news of a disabled webhook subscription on to the supervisor answering for its organisation. Its
 * own consumer group, so it reads every partition of {@code intake.events} alongside the follow-up scheduler
 * instead of sharing them with it; three consumers, as the scheduler has, so a backlog is archived three tickets at
 * a time.
 */
@Component
class ArchiveListener {

    private final DocumentStore store;
    private final KnowledgeBase knowledge;
    private final SupervisorNotifications supervisors;
    private final EventRouter router;

    ArchiveListener(DocumentStore store, KnowledgeBase knowledge, SupervisorNotifications supervisors) {
        this.store = store;
        this.knowledge = knowledge;
        this.supervisors = supervisors;
        // a disabled webhook subscription is no ticket: nothing to archive, but a supervisor to tell
        this.router = EventRouter.builder().on(WebhookDisabled.TYPE, supervisors::webhookDisabled)
                .otherwise(this::archive).build();
    }

    @KafkaListener(topics = { "intake.events", "dispatch.events", "field.events" },
            groupId = "${spring.application.name}-archive", concurrency = "3")
    void on(ConsumerRecord<String, String> record) {
        router.route(record);
    }

    private void archive(InboundEvent event) {
        JsonNode data = event.data(JsonNode.class);
        store.apply(TicketArchive.class, event, () -> new TicketArchive(event.subject()),
                archive -> archive.record(event, data));
        if ("ticket.closed.v1".equals(event.type())) {
            // also on a redelivered closure: drafting and notifying are idempotent, and the first delivery may
            // have stopped here; a closure the ticket's reopening has overtaken has no report
            int cycle = new Payload(data).number("cycle", 1);
            store.find(TicketArchive.class, event.subject()).ifPresent(archive -> archive.closureReport(cycle)
                    .ifPresent(report -> {
                        draft(archive);
                        supervisors.closed(report);
                    }));
        }
    }

    private void draft(TicketArchive archive) {
        TicketArchive.FaultFacts fault = archive.fault();
        List<String> symptoms = new ArrayList<>();
        add(symptoms, fault.symptom());
        if (fault.errorMessages() != null) {
            symptoms.addAll(fault.errorMessages());
        }
        if (archive.diagnosis() != null) {
            add(symptoms, archive.diagnosis().symptomRestated());
        }
        String cause = archive.diagnosis() != null && archive.diagnosis().causeExplained() != null
                ? archive.diagnosis().causeExplained() : fault.suspectedCause();
        String solution = archive.resolution() == null ? null
                : String.join("\n", archive.resolution().solution() == null ? "" : archive.resolution().solution(),
                        archive.resolution().maintenanceAdvice() == null ? "" : archive.resolution().maintenanceAdvice())
                        .strip();
        String title = fault.symptom() != null ? fault.symptom() : "Ticket " + (archive.number() == null
                ? archive.id() : archive.number());
        archive.closures().forEach(closure -> knowledge.draft(archive.id(), closure.cycle(), title,
                String.join("\n", symptoms), cause, solution, archive.assetIds()));
    }

    private static void add(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }
}
