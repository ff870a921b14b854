package io.yunwei.chassis.outbox;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.exists;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.pullByFilter;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.unset;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.kafka.core.KafkaTemplate;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.events.EventHeaders;
import io.yunwei.chassis.events.TraceLink;

/**
 * Publishes the events waiting in documents' outboxes, in sequence order per document, then removes them.
 * A document is published by one instance at a time, the one holding its lease, a field ({@value #LEASE}) of the
 * document itself. A save that raises events takes the lease in the same write, unless another instance holds it,
 * and hands the outbox that write returned to the relay; the relay gives the lease back in the write that removes
 * what was published. So a state change and its events cost two writes, each finding the document by {@code _id}.
 * An outbox no save handed over (another instance's lease, a crash, a failed send) is read in the write that takes
 * its lease. Saves wake the relay at once; an
 * outbox the broker did not take is tried again after a pause; a periodic sweep finds what a crash or another
 * instance's lease left behind, and measures the backlog.
 *
 * <p>Documents are published by several publishers at once, each document always by the same one, so its events
 * leave in order and no two publishers of this instance hold one lease. A publisher waits for the broker's
 * acknowledgement and the store's write for each document in turn; one alone, after an outage of the broker or the
 * store, published a service's backlog at a few dozen documents a second while new events queued behind it (ten
 * seconds for a ticket's opening to reach the dispatch desk).
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String LEASE = "outboxLease";
    /** The time of a document's oldest pending event: present exactly when it has events to publish. */
    static final String PENDING = DocumentStore.OUTBOX + ".0.time";
    static final String PENDING_INDEX = "outbox_pending";
    private static final int HELD_ELSEWHERE = -1;
    /**
     * Documents whose last published sequence is remembered; one forgotten costs at most the events of one save sent
     * twice, which consumers drop as duplicates.
     */
    private static final int RECENTLY_PUBLISHED = 10_000;

    private final MongoTemplate mongo;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final TraceLink traces;
    private final Clock clock;
    private final String owner = UUID.randomUUID().toString();
    private final Set<Key> queued = ConcurrentHashMap.newKeySet();
    /** The highest sequence this instance published and removed, per document it published lately. */
    private final Map<Key, Long> publishedThrough = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Long> eldest) {
            return size() > RECENTLY_PUBLISHED;
        }
    });
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final Counter published;
    private final Counter failures;
    private final Counter unauthorized;
    private final Counter unauthenticated;
    private ScheduledExecutorService scheduler;
    private ExecutorService[] publishers;
    private volatile boolean running;

    public OutboxRelay(MongoTemplate mongo, KafkaTemplate<String, String> kafka, OutboxProperties properties,
            TraceLink traces, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.kafka = kafka;
        this.properties = properties;
        this.traces = traces;
        this.clock = clock;
        this.published = Counter.builder("yunwei.outbox.published").description("Events published by the outbox relay")
                .register(meters);
        this.failures = Counter.builder("yunwei.outbox.publish.failures")
                .description("Attempts to publish an outbox that failed and will be retried").register(meters);
        this.unauthorized = refusals(meters, properties, "authorization");
        this.unauthenticated = refusals(meters, properties, "authentication");
        Gauge.builder("yunwei.outbox.backlog", backlog, AtomicLong::get)
                .description("Events stored but not yet published, as of the last sweep").register(meters);
        Gauge.builder("yunwei.outbox.oldest.age", oldestMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest unpublished event, as of the last sweep").register(meters);
    }

    /**
     * Events the brokers refused from this service: its login was not accepted, or no ACL lets it write the topic (a
     * service writing another's topic, or its own grant missing). Nothing was published; the relay keeps trying, so
     * the events go out once the access is put right. Worth an alert at the first one.
     */
    private static Counter refusals(MeterRegistry meters, OutboxProperties properties, String reason) {
        return Counter.builder("yunwei.outbox.publish.refused").tag("topic", String.valueOf(properties.topic()))
                .tag("reason", reason)
                .description("Events the brokers refused from this service for lack of a login or a permission")
                .register(meters);
    }

    /** Asks for the document's outbox to be published soon. */
    public void wake(String collection, String id) {
        Key key = new Key(collection, id);
        if (running && queued.add(key)) {
            submit(key, () -> drain(key));
        }
    }

    /**
     * Publishes the outbox of a document whose save took this instance's lease on it ({@link #leaseFree},
     * {@link #newLease}): the save returned the outbox, so the relay neither reads it nor takes the lease again.
     */
    void publishTaken(String collection, String id, Document outbox) {
        Key key = new Key(collection, id);
        if (running && queued.add(key)) {
            submit(key, () -> drain(key, outbox));
        }
        // otherwise a drain is queued already and takes the lease, this instance's own, as it starts
    }

    /**
     * The condition under which a save may take this instance's lease on the document it writes: no other instance
     * holds an unexpired one.
     */
    Document leaseFree() {
        return new Document("$or", List.of(new Document(LEASE, null), new Document(LEASE + ".owner", owner),
                new Document(LEASE + ".until", new Document("$lt", Date.from(clock.instant())))));
    }

    /** A lease of this instance's, starting now. */
    Document newLease() {
        return new Document("owner", owner).append("until", Date.from(clock.instant().plus(properties.lease())));
    }

    private void drain(Key key) {
        drain(key, null);
    }

    private void drain(Key key, Document taken) {
        queued.remove(key);
        try {
            if (publishIfFree(key, taken) == HELD_ELSEWHERE) {
                // another instance is publishing it now, or crashed holding it: look again soon, not at the sweep
                retryLater(key);
            }
        } catch (RuntimeException e) {
            failures.increment();
            log.warn("Publishing the outbox of {}/{} failed, retrying in {}: {}", key.collection(), key.id(),
                    properties.retryDelay(), e.toString());
            retryLater(key);
        }
    }

    private void retryLater(Key key) {
        if (running && queued.add(key)) {
            try {
                scheduler.schedule(() -> submit(key, () -> drain(key)), properties.retryDelay().toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException stopped) {
                queued.remove(key);
            }
        }
    }

    /** Runs a drain of the document on its own publisher: the same one for every drain of it. */
    private void submit(Key key, Runnable drain) {
        try {
            publishers[Math.floorMod(key.hashCode(), publishers.length)].execute(drain);
        } catch (RejectedExecutionException stopped) {
            queued.remove(key);
        }
    }

    /**
     * Publishes everything pending in one document, holding its lease throughout; returns the number of events
     * published, 0 when another instance holds the lease or nothing is pending.
     */
    int publish(Key key) {
        return Math.max(0, publishIfFree(key, null));
    }

    /** The drain of a save's hand-over ({@link #publishTaken}), run on the caller's thread. */
    int publishHandedOver(Key key, Document taken) {
        return Math.max(0, publishIfFree(key, taken));
    }

    /** @param taken the outbox as the save that took the lease wrote it, or {@code null} to take the lease first */
    private int publishIfFree(Key key, Document taken) {
        Document document = taken == null ? null : unpublished(key, taken);
        if (document == null) {
            // nothing handed over, or all of it published meanwhile by a drain that found it in the outbox; a save
            // after the hand-over found this drain queued and left its events to it: read them from the document
            document = takeLease(key);
            if (document == null) {
                return pendingElsewhere(key) ? HELD_ELSEWHERE : 0;
            }
        }
        int count = 0;
        while (document != null) {
            List<Document> pending = new ArrayList<>(document.getList(DocumentStore.OUTBOX, Document.class, List.of()));
            pending.sort(Comparator.comparingLong(OutboxRelay::sequenceOf));
            List<String> sent = send(pending);
            count += sent.size();
            published.increment(sent.size());
            Document after = removeSentAndGiveBack(key, sent);
            if (!sent.isEmpty()) {
                publishedThrough.merge(key, sequenceOf(pending.get(sent.size() - 1)), Math::max);
            }
            if (sent.size() < pending.size()) {
                throw new IllegalStateException("broker did not acknowledge every event");
            }
            // saved meanwhile: take the lease again for what came in (unless another instance took it first)
            boolean more = after != null && !after.getList(DocumentStore.OUTBOX, Document.class, List.of()).isEmpty();
            document = more ? takeLease(key) : null;
        }
        return count;
    }

    /**
     * The outbox a save handed over, without the events this instance published since: a drain running when the save
     * wrote found them in the outbox and published them itself. {@code null} when nothing is left.
     */
    private Document unpublished(Key key, Document taken) {
        long through = publishedThrough.getOrDefault(key, 0L);
        List<Document> left = taken.getList(DocumentStore.OUTBOX, Document.class, List.of()).stream()
                .filter(event -> sequenceOf(event) > through).toList();
        return left.isEmpty() ? null : new Document(DocumentStore.OUTBOX, left);
    }

    /**
     * Takes the document's lease if it has something to publish and no other instance holds an unexpired lease on
     * it, and returns its outbox; {@code null} otherwise. One conditional write on the document itself, found by
     * {@code _id}.
     */
    private Document takeLease(Key key) {
        return collection(key).findOneAndUpdate(
                and(eq("_id", key.id()), exists(DocumentStore.OUTBOX + ".0"), leaseFree()), set(LEASE, newLease()),
                new FindOneAndUpdateOptions().projection(Projections.include(DocumentStore.OUTBOX))
                        .returnDocument(ReturnDocument.AFTER));
    }

    /** Whether the document still has events pending: then the lease was held elsewhere. */
    private boolean pendingElsewhere(Key key) {
        Document outbox = collection(key).find(eq("_id", key.id()))
                .projection(Projections.include(DocumentStore.OUTBOX + ".id")).first();
        return outbox != null && !outbox.getList(DocumentStore.OUTBOX, Document.class, List.of()).isEmpty();
    }

    /**
     * Removes what the broker acknowledged and gives the lease back, in one write; returns what is left in the
     * outbox. Acknowledged events are removed even if the lease ran out meanwhile and another instance holds it now
     * (by id alone, leaving that instance's lease alone).
     */
    private Document removeSentAndGiveBack(Key key, List<String> sent) {
        var options = new FindOneAndUpdateOptions().projection(Projections.include(DocumentStore.OUTBOX))
                .returnDocument(ReturnDocument.AFTER);
        var removeSent = pullByFilter(new Document(DocumentStore.OUTBOX, new Document("id", new Document("$in", sent))));
        Document after = collection(key).findOneAndUpdate(and(eq("_id", key.id()), eq(LEASE + ".owner", owner)),
                sent.isEmpty() ? unset(LEASE) : combine(removeSent, unset(LEASE)), options);
        if (after == null && !sent.isEmpty()) {
            after = collection(key).findOneAndUpdate(eq("_id", key.id()), removeSent, options);
        }
        return after;
    }

    private MongoCollection<Document> collection(Key key) {
        return mongo.getCollection(key.collection());
    }

    private void countRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AuthorizationException) {
                log.error("The brokers refused to let this service write {}: {}", properties.topic(), cause.toString());
                unauthorized.increment();
                return;
            }
            if (cause instanceof AuthenticationException) {
                log.error("The brokers did not accept this service's login: {}", cause.toString());
                unauthenticated.increment();
                return;
            }
        }
    }

    /** Sends in order and waits for the acknowledgements; returns the ids acknowledged before the first failure. */
    private List<String> send(List<Document> pending) {
        List<CompletableFuture<?>> futures = new ArrayList<>();
        for (Document event : pending) {
            Document trace = event.get("trace", Document.class);
            Map<String, String> context = new HashMap<>();
            if (trace != null) {
                trace.forEach((name, value) -> context.put(name, String.valueOf(value)));
            }
            futures.add(traces.within(context, "outbox publish", () -> kafka.send(record(event))));
        }
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < pending.size(); i++) {
            try {
                futures.get(i).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
                sent.add(pending.get(i).getString("id"));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                countRefusal(e);
                log.warn("Broker did not acknowledge event {}: {}", pending.get(i).getString("id"), e.toString());
                break;
            }
        }
        return sent;
    }

    private ProducerRecord<String, String> record(Document event) {
        ProducerRecord<String, String> record = new ProducerRecord<>(properties.topic(), event.getString("subject"),
                event.getString("payload"));
        Instant time = event.getDate("time").toInstant();
        header(record, EventHeaders.ID, event.getString("id"));
        header(record, EventHeaders.TYPE, event.getString("type"));
        header(record, EventHeaders.SOURCE, properties.source());
        header(record, EventHeaders.SUBJECT, event.getString("subject"));
        header(record, EventHeaders.TIME, time.toString());
        header(record, EventHeaders.SPEC_VERSION, EventHeaders.SPEC_VERSION_VALUE);
        header(record, EventHeaders.SEQUENCE, String.valueOf(sequenceOf(event)));
        header(record, EventHeaders.CONTENT_TYPE, EventHeaders.JSON);
        String requestId = event.getString("requestId");
        if (requestId != null) {
            header(record, Correlation.EVENT_HEADER, requestId);
        }
        return record;
    }

    private static long sequenceOf(Document event) {
        return event.get("sequence", Number.class).longValue();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Queues every document that still has pending events and refreshes the backlog metrics. */
    void sweep() {
        long events = 0;
        Instant oldest = null;
        for (String collection : properties.collections()) {
            for (Document document : mongo.getCollection(collection).find(exists(PENDING))
                    .projection(Projections.include(DocumentStore.OUTBOX + ".time"))) {
                List<Document> pending = document.getList(DocumentStore.OUTBOX, Document.class, List.of());
                events += pending.size();
                for (Document event : pending) {
                    Instant time = event.getDate("time").toInstant();
                    oldest = oldest == null || time.isBefore(oldest) ? time : oldest;
                }
                wake(collection, String.valueOf(document.get("_id")));
            }
        }
        backlog.set(events);
        oldestMillis.set(oldest == null ? 0 : Math.max(0, clock.millis() - oldest.toEpochMilli()));
    }

    /**
     * The index the sweep reads on MongoDB: partial, holding only documents with events pending, so a sweep reads
     * those, not the whole collection. (The local store ignores indexes that are not unique.)
     */
    private void declarePendingIndex() {
        for (String collection : properties.collections()) {
            try {
                mongo.getCollection(collection).createIndex(Indexes.ascending(PENDING),
                        new IndexOptions().name(PENDING_INDEX).partialFilterExpression(exists(PENDING)));
            } catch (RuntimeException e) {
                log.warn("Could not declare the index {} on {}; sweeps read the whole collection: {}", PENDING_INDEX,
                        collection, e.toString());
            }
        }
    }

    @Override
    public void start() {
        declarePendingIndex();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("outbox-relay").daemon().factory());
        publishers = new ExecutorService[properties.publishers()];
        for (int i = 0; i < publishers.length; i++) {
            publishers[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("outbox-publisher-" + (i + 1))
                    .daemon().factory());
        }
        running = true;
        long interval = properties.sweepInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::sweepSafely, 0, interval, TimeUnit.MILLISECONDS);
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Outbox sweep failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        running = false;
        // Whatever is not yet acknowledged stays in its outbox and is published after the next start.
        scheduler.shutdownNow();
        for (ExecutorService publisher : publishers) {
            publisher.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    record Key(String collection, String id) {
    }
}
