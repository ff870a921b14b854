package io.yunwei.followup.archive;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import io.micrometer.observation.ObservationRegistry;
import io.yunwei.chassis.consumer.SubjectBatches;
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
 * a time. A ticket's events that a poll brings together are archived with one read and one write of its archive
 * ({@link SubjectBatches}): a lifecycle announces about twenty, a visit's completion five at once, and behind an
 * outage a ticket's whole backlog comes in one poll. Nobody waits on the archive as on a ticket's status, so its
 * consumers ask the broker for a second's worth of events at a time rather than each event as it is published: a
 * burst of a ticket's events is archived in one read and one write instead of one per event, and the archive adds
 * at most a second to a closure's report and draft article.
 */
@Component
class ArchiveListener {

    private final DocumentStore store;
    private final KnowledgeBase knowledge;
    private final SupervisorNotifications supervisors;
    private final SubjectBatches batches;

    ArchiveListener(DocumentStore store, KnowledgeBase knowledge, SupervisorNotifications supervisors,
            ObservationRegistry observations) {
        this.store = store;
        this.knowledge = knowledge;
        this.supervisors = supervisors;
        this.batches = new SubjectBatches(observations, "followup-archive-listener");
    }

    @KafkaListener(topics = { "intake.events", "dispatch.events", "field.events" },
            groupId = "${spring.application.name}-archive", concurrency = "3", batch = "true",
            containerPostProcessor = SubjectBatches.CONTAINER,
            properties = { "fetch.max.wait.ms=1000", "fetch.min.bytes=1048576" })
    void on(List<ConsumerRecord<String, String>> records) {
        batches.apply(records, this::archive);
    }

    /** One subject's events: a ticket's, or a webhook subscription's. */
    private void archive(List<InboundEvent> events, DocumentStore.EventScope scope) {
        List<InboundEvent> ticket = new ArrayList<>();
        for (InboundEvent event : events) {
            if (WebhookDisabled.TYPE.equals(event.type())) {
                // a disabled webhook subscription is no ticket: nothing to archive, but a supervisor to tell
                try (DocumentStore.EventScope.Opened opened = scope.open(event)) {
                    supervisors.webhookDisabled(event);
                }
            } else {
                ticket.add(event);
            }
        }
        if (ticket.isEmpty()) {
            return;
        }
        String id = ticket.getFirst().subject();
        store.applyAll(TicketArchive.class, ticket, () -> new TicketArchive(id), scope,
                (archive, event) -> archive.record(event, event.data(JsonNode.class)));
        for (InboundEvent event : ticket) {
            if ("ticket.closed.v1".equals(event.type())) {
                // also on a redelivered closure: drafting and notifying are idempotent, and the first delivery may
                // have stopped here; a closure the ticket's reopening has overtaken has no report
                int cycle = new Payload(event.data(JsonNode.class)).number("cycle", 1);
                try (DocumentStore.EventScope.Opened opened = scope.open(event)) {
                    store.find(TicketArchive.class, id).ifPresent(archive -> archive.closureReport(cycle)
                            .ifPresent(report -> {
                                draft(archive);
                                supervisors.closed(report);
                            }));
                }
            }
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
