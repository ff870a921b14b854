package io.yunwei.chassis.outbox;

import java.util.ArrayList;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;

import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReturnDocument;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.events.Correlation;
import io.yunwei.chassis.events.EventJson;
import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.events.TraceLink;
import io.yunwei.chassis.outbox.OutboxDocument.Position;

/**
 * Loads and saves {@link OutboxDocument}s. A save is one conditional write of the state, the version and the
 * newly raised events (appended to the document's {@code outbox} array), so a state change is never stored
 * without its events nor an event without its state change. A write that adds events also takes the relay's lease
 * on the document and hands the outbox it returns to the relay ({@link OutboxRelay}).
 *
 * <p>The condition is {@code _id} and {@code version}: the store finds the document by its {@code _id} and checks
 * the version on it.
 */
public class DocumentStore {

    static final String OUTBOX = "outbox";
    private static final int ATTEMPTS = 8;

    private final MongoTemplate mongo;
    private final OutboxRelay relay;
    private final TraceLink traces;
    private final Counter duplicates;
    private final List<SavedDocuments> listeners;

    public DocumentStore(MongoTemplate mongo, OutboxRelay relay, TraceLink traces, MeterRegistry meters) {
        this(mongo, relay, traces, meters, List.of());
    }

    public DocumentStore(MongoTemplate mongo, OutboxRelay relay, TraceLink traces, MeterRegistry meters,
            List<SavedDocuments> listeners) {
        this.mongo = mongo;
        this.relay = relay;
        this.traces = traces;
        this.listeners = List.copyOf(listeners);
        this.duplicates = Counter.builder("yunwei.events.duplicates")
                .description("Inbound events dropped because they were already applied").register(meters);
    }

    public <T extends OutboxDocument> Optional<T> find(Class<T> type, String id) {
        return Optional.ofNullable(mongo.findById(id, type));
    }

    public <T extends OutboxDocument> T save(T document) {
        return save(document, Map.of());
    }

    /**
     * Saves with each raised event's request id and trace taken from {@code causes} where it names the event (what
     * was current while the inbound event that raised it was applied), and from what is current now otherwise.
     */
    private <T extends OutboxDocument> T save(T document, Map<RaisedEvent, Cause> causes) {
        String collection = mongo.getCollectionName(document.getClass());
        List<Document> pending = document.raised().stream()
                .map(event -> pending(event, causes.getOrDefault(event, Cause.current(traces)))).toList();
        Document state = new Document();
        mongo.getConverter().write(document, state);
        state.remove("version");
        // a relay that is not running (stopping, say) publishes nothing now: no lease for it to hold meanwhile
        boolean takeLease = !pending.isEmpty() && relay.isRunning();
        Document outbox = null;
        if (document.isNew()) {
            state.put("version", 1L);
            state.put(OUTBOX, pending);
            if (takeLease) {
                state.put(OutboxRelay.LEASE, relay.newLease());
                outbox = new Document(OUTBOX, pending);
            }
            try {
                mongo.execute(collection, documents -> documents.insertOne(state));
            } catch (DuplicateKeyException e) {
                throw new ConcurrentChangeException(collection, document.id());
            }
        } else {
            outbox = update(collection, document, state, pending, takeLease);
        }
        document.saved();
        if (outbox != null) {
            relay.publishTaken(collection, document.id(), outbox);
        } else if (!pending.isEmpty()) {
            relay.wake(collection, document.id());
        }
        for (SavedDocuments listener : listeners) {
            listener.saved(document);
        }
        return document;
    }

    /**
     * Writes the state as mapped, as it is (no second mapping of an update that holds mapped values only). With
     * {@code takeLease}, the write also takes the relay's lease and returns the outbox, unless another instance holds
     * the lease: then the state is written without it and {@code null} returned.
     */
    private Document update(String collection, OutboxDocument document, Document state, List<Document> pending,
            boolean takeLease) {
        Document filter = new Document("_id", state.remove("_id")).append("version", document.version());
        Document update = new Document("$set", state).append("$inc", new Document("version", 1L));
        if (!pending.isEmpty()) {
            update.append("$push", new Document(OUTBOX, new Document("$each", pending)));
        }
        if (takeLease) {
            Document taking = new Document(update).append("$set", new Document(state).append(OutboxRelay.LEASE,
                    relay.newLease()));
            Document outbox = mongo.execute(collection, documents -> documents.findOneAndUpdate(
                    new Document(filter).append("$or", relay.leaseFree().get("$or")), taking,
                    new FindOneAndUpdateOptions().projection(Projections.include(OUTBOX))
                            .returnDocument(ReturnDocument.AFTER)));
            if (outbox != null) {
                return outbox;
            }
        }
        long matched = mongo.execute(collection, documents -> documents.updateOne(filter, update).getMatchedCount());
        if (matched == 0) {
            throw new ConcurrentChangeException(collection, document.id());
        }
        return null;
    }

    /**
     * Reads a document, changes it and saves it, starting again from a fresh read when someone else wrote
     * in between. {@code ifAbsent} makes a new document, or is {@code null} when absence is the caller's error.
     */
    public <T extends OutboxDocument, R> R update(Class<T> type, String id, Supplier<T> ifAbsent,
            Function<T, R> change) {
        for (int attempt = 1;; attempt++) {
            T document = find(type, id).orElseGet(() -> ifAbsent == null ? null : ifAbsent.get());
            if (document == null) {
                throw new DocumentNotFoundException(type, id);
            }
            R result = change.apply(document);
            try {
                save(document);
                return result;
            } catch (ConcurrentChangeException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Applies an inbound event exactly once: a duplicate (by its subject's sequence on its topic) is dropped
     * without a write, and the record of having applied it is written together with what it changed. An event
     * skipped earlier (a re-driven dead letter) is applied once, late. Returns where the event stood; a consumer
     * that applies every event of its topics can count gaps from it.
     */
    public <T extends OutboxDocument> Position apply(Class<T> type, InboundEvent event, Supplier<T> ifAbsent,
            Consumer<T> change) {
        return applyAll(type, List.of(event), ifAbsent, EventScope.NONE, (document, applied) -> change.accept(document))
                .getFirst();
    }

    /**
     * Applies several inbound events of one subject, in the order given, each exactly once as {@link #apply} does,
     * with one read and one write for all of them: the document is read, every event that is not a duplicate is
     * applied and marked consumed, and the document is written once, or not at all when every event was a duplicate.
     * When someone else wrote in between, all of them are applied again to a fresh read. {@code scope} is opened
     * around each event's change, as a listener container opens a record's observation around its listener: what
     * it makes current (the event's request id and trace) goes with the events that change raises. Returns each
     * event's position, in the order given.
     */
    public <T extends OutboxDocument> List<Position> applyAll(Class<T> type, List<InboundEvent> events,
            Supplier<T> ifAbsent, EventScope scope, BiConsumer<T, InboundEvent> change) {
        String subject = events.getFirst().subject();
        for (int attempt = 1;; attempt++) {
            T document = find(type, subject).orElseGet(() -> ifAbsent == null ? null : ifAbsent.get());
            if (document == null) {
                throw new DocumentNotFoundException(type, subject);
            }
            List<Position> positions = new ArrayList<>(events.size());
            Map<RaisedEvent, Cause> causes = new IdentityHashMap<>();
            for (InboundEvent event : events) {
                Position position = document.positionOf(event);
                positions.add(position);
                if (position == Position.DUPLICATE) {
                    continue;
                }
                int raisedBefore = document.raised().size();
                try (EventScope.Opened opened = scope.open(event)) {
                    change.accept(document, event);
                    Cause cause = Cause.current(traces);
                    List<RaisedEvent> raised = document.raised();
                    raised.subList(raisedBefore, raised.size()).forEach(r -> causes.put(r, cause));
                }
                document.markConsumed(event);
            }
            long dropped = positions.stream().filter(Position.DUPLICATE::equals).count();
            if (dropped < events.size()) {
                try {
                    save(document, causes);
                } catch (ConcurrentChangeException e) {
                    if (attempt == ATTEMPTS) {
                        throw e;
                    }
                    continue;
                }
            }
            duplicates.increment(dropped);
            return positions;
        }
    }

    /**
     * What {@link #applyAll} opens around each event's change. A listener that receives one record at a time needs
     * none ({@link #NONE}): its container has opened the record's scope already.
     */
    @FunctionalInterface
    public interface EventScope {

        EventScope NONE = event -> () -> { };

        Opened open(InboundEvent event);

        /** Closes what {@link #open} opened. */
        interface Opened extends AutoCloseable {
            @Override
            void close();
        }
    }

    /** The request id and trace an event is written with: those current while what raised it ran. */
    private record Cause(String requestId, Map<String, String> trace) {
        static Cause current(TraceLink traces) {
            return new Cause(Correlation.current().orElse(null), traces.current());
        }
    }

    private static Document pending(RaisedEvent event, Cause cause) {
        Document pending = new Document("id", event.id())
                .append("type", event.type())
                .append("subject", event.subject())
                .append("sequence", event.sequence())
                .append("time", Date.from(event.time()))
                .append("payload", EventJson.write(event.payload()));
        if (cause.requestId() != null) {
            pending.append("requestId", cause.requestId());
        }
        if (!cause.trace().isEmpty()) {
            pending.append("trace", new Document(cause.trace()));
        }
        return pending;
    }
}
