package io.yunwei.intake.search;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.intake.ticket.Ticket;

/**
 * Keeps an instance's index in step with what every instance writes: it reads the ticket events (intake's own and the
 * other services' that change tickets) from every partition, without a consumer group, and re-reads each ticket
 * named from the store once the store shows the event applied (the instance that applies it may be another one, and
 * later). Where it stands is committed with the index, so after a restart it goes on from the last commit and the
 * index catches up with everything written since.
 */
final class TicketFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(TicketFollower.class);
    static final String POSITION = "position:";

    /** An event whose ticket the index must read once the store shows it applied. */
    private record Pending(TopicPartition partition, long offset, InboundEvent event, Instant seen) {
    }

    private final Consumer<String, String> consumer;
    private final String ownTopic;
    private final LuceneTicketSearch index;
    private final Function<Set<String>, List<Document>> positions;
    private final Function<Set<String>, List<Ticket>> tickets;
    private final Clock clock;
    private final Duration commitEvery;
    private final Duration giveUpWaitingAfter;
    private final List<Pending> pending = new ArrayList<>();
    private volatile boolean running = true;

    TicketFollower(Consumer<String, String> consumer, String ownTopic, LuceneTicketSearch index,
            Function<Set<String>, List<Document>> positions, Function<Set<String>, List<Ticket>> tickets, Clock clock,
            Duration commitEvery, Duration giveUpWaitingAfter) {
        this.consumer = consumer;
        this.ownTopic = ownTopic;
        this.index = index;
        this.positions = positions;
        this.tickets = tickets;
        this.clock = clock;
        this.commitEvery = commitEvery;
        this.giveUpWaitingAfter = giveUpWaitingAfter;
    }

    /**
     * Places the consumer: where the index's last commit left it, or (for a new index, about to be read from the
     * store) at the end of every partition now, so that whatever the store read misses is still followed.
     */
    void position(List<TopicPartition> partitions, boolean newIndex) {
        consumer.assign(partitions);
        Map<String, String> committed = index.committedPosition();
        Map<TopicPartition, Long> end = newIndex ? consumer.endOffsets(partitions) : Map.of();
        for (TopicPartition partition : partitions) {
            String at = committed.get(key(partition));
            if (at != null) {
                consumer.seek(partition, Long.parseLong(at));
            } else if (newIndex) {
                consumer.seek(partition, end.getOrDefault(partition, 0L));
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
    }

    @Override
    public void run() {
        Instant lastCommit = clock.instant();
        try {
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    accept(record);
                }
                if (!pending.isEmpty()) {
                    catchUp();
                }
                if (Duration.between(lastCommit, clock.instant()).compareTo(commitEvery) >= 0) {
                    commit();
                    lastCommit = clock.instant();
                }
            }
        } catch (WakeupException e) {
            // stopping
        } catch (RuntimeException e) {
            log.error("the ticket index stopped following the events; it catches up from its last commit on the next"
                    + " start", e);
        } finally {
            try {
                commit();
            } catch (RuntimeException e) {
                log.warn("the ticket index's last commit failed; the next start reads from the one before", e);
            }
            consumer.close();
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void accept(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return;
        }
        InboundEvent event;
        try {
            event = InboundEvent.from(record);
        } catch (RuntimeException e) {
            // not an event (the services dead-letter it); nothing for the index
            return;
        }
        pending.add(new Pending(new TopicPartition(record.topic(), record.partition()), record.offset(), event,
                clock.instant()));
    }

    /**
     * Reads where the tickets of the waiting events stand (their versions and event positions only) in one store
     * query, and the whole tickets, in a second, only for those whose event the store shows applied and whose
     * version the index does not hold yet: another instance's writes.
     */
    private void catchUp() {
        Set<String> ids = new HashSet<>();
        pending.forEach(waiting -> ids.add(waiting.event().subject()));
        Map<String, Document> stored = new HashMap<>();
        for (Document ticket : positions.apply(ids)) {
            stored.put(ticket.getString("_id"), ticket);
        }
        Map<String, Document> toIndex = new HashMap<>();
        Instant now = clock.instant();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
            Pending waiting = it.next();
            Document ticket = stored.get(waiting.event().subject());
            if (ticket == null) {
                // not a ticket's event (an asset's, say), or a ticket the store does not hold
                it.remove();
            } else if (applied(ticket, waiting.event())) {
                toIndex.put(ticket.getString("_id"), ticket);
                it.remove();
            } else if (Duration.between(waiting.seen(), now).compareTo(giveUpWaitingAfter) > 0) {
                // never applied (a consumer dead-lettered it): what the store holds is all there is
                toIndex.put(ticket.getString("_id"), ticket);
                it.remove();
            }
        }
        // what this instance wrote is indexed already: only other instances' writes are read whole
        Set<String> behind = new HashSet<>();
        toIndex.values().stream().filter(ticket -> !index.holds(ticket.getString("_id"), number(ticket.get("version"))))
                .forEach(ticket -> behind.add(ticket.getString("_id")));
        if (!behind.isEmpty()) {
            tickets.apply(behind).forEach(index::index);
        }
    }

    /**
     * Whether the stored ticket shows the event: intake's own by the ticket's event sequence, another service's by the
     * position the ticket keeps per topic ({@code OutboxDocument}'s {@code sequence}, {@code consumed} and
     * {@code skipped}).
     */
    boolean applied(Document ticket, InboundEvent event) {
        if (event.topic().equals(ownTopic)) {
            return number(ticket.get("sequence")) >= event.sequence();
        }
        String topicKey = event.topic().replace('.', '_');
        Document consumed = ticket.get("consumed", Document.class);
        long last = consumed == null ? 0 : number(consumed.get(topicKey));
        if (event.sequence() > last) {
            return false;
        }
        Document skipped = ticket.get("skipped", Document.class);
        List<?> gaps = skipped == null ? null : skipped.getList(topicKey, Object.class);
        return gaps == null || gaps.stream().noneMatch(gap -> number(gap) == event.sequence());
    }

    private void commit() {
        Map<String, String> position = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long next = consumer.position(partition);
            for (Pending waiting : pending) {
                if (waiting.partition().equals(partition)) {
                    next = Math.min(next, waiting.offset());
                }
            }
            position.put(key(partition), Long.toString(next));
        }
        index.commit(position);
    }

    private static String key(TopicPartition partition) {
        return POSITION + partition.topic() + ":" + partition.partition();
    }

    private static long number(Object value) {
        return value instanceof Number number ? number.longValue() : 0;
    }
}
