package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Updates;

/**
 * The store keeps every write it acknowledged when it is killed with SIGKILL while writers are busy, and opens
 * afterwards with unique indexes that agree with its documents. Writers insert tickets and, after every other
 * insert, bump the version of one of theirs with a conditional update, as the outbox does, recording what the store
 * acknowledged. The kill comes once the store has also begun to rewrite its mostly dead chunks ({@link Housekeeping}),
 * which it does only to chunks older than 45 s.
 */
class StoreCrashIT {

    private static final int WRITERS = 6;
    private static final int INSERTS_BEFORE_KILL = 10_000;

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    /** The version each acknowledged ticket had when its last write was acknowledged. */
    private static final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    /** Inserts sent whose answer the kill cut off: they may or may not be in the store. */
    private static final Set<String> unanswered = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger insertsAcknowledged = new AtomicInteger();
    private static final AtomicInteger updatesAcknowledged = new AtomicInteger();
    private static final AtomicInteger writersStoppedByKill = new AtomicInteger();
    private static boolean rewritingBeforeKill;
    private static final Queue<String> surprises = new ConcurrentLinkedQueue<>();
    private static Map<String, Document> stored;

    @BeforeAll
    static void writeKillAndRestart() throws InterruptedException, IOException {
        StackConfig config = StackConfig.of(StackConfig.locateRepoRoot()).withDataDir(dataDir).withPorts(Ports.free());
        stack = new LocalStack(config);
        stack.start(Part.STORE);
        try (MongoClient mongo = client()) {
            tickets(mongo).createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            // as the outbox has it: the conditional update is a key lookup, and each update moves an index entry
            tickets(mongo).createIndex(Indexes.ascending("_id", "version"), new IndexOptions().unique(true));
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> write(tickets(mongo), writer)));
            }
            // about 60 s on an idle two-core machine; the deadline leaves room for a busy one
            await().atMost(Duration.ofMinutes(4)).until(() -> insertsAcknowledged.get() >= INSERTS_BEFORE_KILL
                    && storeRewrites() || writers.stream().noneMatch(Thread::isAlive));
            rewritingBeforeKill = storeRewrites();
            ProcessHandle store = ProcessHandle.of(stack.pid(Part.STORE).orElseThrow()).orElseThrow();
            store.destroyForcibly();
            store.onExit().join();
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(30));
            }
        }
        stack.start(Part.STORE);
        try (MongoClient mongo = client()) {
            stored = new HashMap<>();
            tickets(mongo).find().forEach(ticket -> stored.put(ticket.getString("_id"), ticket));
        }
    }

    @AfterAll
    static void stopStore() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void wasKilledWhileEveryWriterWasWriting() {
        assertThat(surprises).isEmpty();
        assertThat(writersStoppedByKill).hasValue(WRITERS);
        assertThat(rewritingBeforeKill).as("the store rewrote chunks before the kill").isTrue();
        assertThat(insertsAcknowledged.get()).isGreaterThanOrEqualTo(INSERTS_BEFORE_KILL);
        assertThat(updatesAcknowledged.get()).isGreaterThan(INSERTS_BEFORE_KILL / 3);
    }

    @Test
    void keepsEveryAcknowledgedInsert() {
        List<String> lost = acknowledged.keySet().stream().filter(id -> !stored.containsKey(id)).sorted().toList();
        assertThat(lost).as("%d of %d acknowledged tickets lost", lost.size(), acknowledged.size()).isEmpty();
    }

    @Test
    void keepsEveryAcknowledgedUpdate() {
        // an update cut off by the kill may have been applied all the same, never more than that one
        List<String> behind = acknowledged.entrySet().stream()
                .filter(ticket -> stored.containsKey(ticket.getKey()))
                .filter(ticket -> !List.of(ticket.getValue(), ticket.getValue() + 1)
                        .contains(stored.get(ticket.getKey()).getInteger("version")))
                .map(ticket -> ticket.getKey() + " acknowledged at version " + ticket.getValue() + ", stored at "
                        + stored.get(ticket.getKey()).getInteger("version"))
                .toList();
        assertThat(behind).isEmpty();
    }

    @Test
    void opensWithUniqueIndexesThatAgreeWithItsDocuments() {
        try (MongoClient mongo = client()) {
            MongoCollection<Document> tickets = tickets(mongo);
            List<Document> sameNumbers = stored.values().stream()
                    .map(ticket -> new Document("_id", "copy-" + ticket.getString("_id"))
                            .append("number", ticket.getString("number")))
                    .toList();
            var refused = catchThrowableOfType(MongoBulkWriteException.class,
                    () -> tickets.insertMany(sameNumbers, new InsertManyOptions().ordered(false)));
            assertThat(refused.getWriteErrors()).hasSize(stored.size());
            List<Document> sameIds = stored.keySet().stream().map(id -> ticket(id).append("number", "other-" + id))
                    .toList();
            var refusedIds = catchThrowableOfType(MongoBulkWriteException.class,
                    () -> tickets.insertMany(sameIds, new InsertManyOptions().ordered(false)));
            assertThat(refusedIds.getWriteErrors()).hasSize(stored.size());

            // an insert the kill cut off left either its document or nothing, never an index entry alone
            List<String> neverStored = unanswered.stream().filter(id -> !stored.containsKey(id)).toList();
            neverStored.forEach(id -> tickets.insertOne(ticket(id)));
            assertThat(tickets.countDocuments()).isEqualTo(stored.size() + neverStored.size());
        }
    }

    /** Writes until the kill stops it. */
    private static void write(MongoCollection<Document> tickets, int writer) {
        List<String> mine = new ArrayList<>();
        var random = ThreadLocalRandom.current();
        String sending = null;
        try {
            for (int i = 0; ; i++) {
                sending = "T-" + writer + "-" + i;
                unanswered.add(sending);
                tickets.insertOne(ticket(sending));
                unanswered.remove(sending);
                acknowledged.put(sending, 0);
                insertsAcknowledged.incrementAndGet();
                mine.add(sending);
                if (i % 2 == 1) {
                    continue;
                }

                String id = mine.get(random.nextInt(mine.size()));
                int version = acknowledged.get(id);
                sending = null;
                var result = tickets.updateOne(new Document("_id", id).append("version", version),
                        Updates.combine(Updates.inc("version", 1), Updates.set("status", "STATUS-" + (version + 1))));
                if (result.getModifiedCount() != 1) {
                    surprises.add(id + " at version " + version + " was not updated: " + result);
                    return;
                }
                acknowledged.put(id, version + 1);
                updatesAcknowledged.incrementAndGet();
            }
        } catch (MongoSocketException | MongoTimeoutException e) {
            writersStoppedByKill.incrementAndGet();
        } catch (RuntimeException e) {
            surprises.add("writer " + writer + " failed on " + sending + ": " + e);
        }
    }

    private static Document ticket(String id) {
        return new Document("_id", id).append("number", "N-" + id).append("version", 0).append("status", "RECORDED")
                .append("symptom", "打印机卡纸 / printer jams on tray 2");
    }

    private static boolean storeRewrites() throws IOException {
        Path log = dataDir.resolve("logs/store.log");
        return Files.exists(log) && Files.readString(log).contains(Housekeeping.REPORT);
    }

    private static MongoClient client() {
        // no retries: a write the kill cut off must fail here, not be sent again to the restarted store
        return MongoClients.create(stack.mongoUri()
                + "/?retryWrites=false&retryReads=false&serverSelectionTimeoutMS=3000&connectTimeoutMS=2000");
    }

    private static MongoCollection<Document> tickets(MongoClient mongo) {
        return mongo.getDatabase("crash-check").getCollection("tickets");
    }
}
