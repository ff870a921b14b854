package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/** The store as {@link StoreServer} opens it, in this JVM, driven through the real MongoDB driver. */
class DurableStoreIT {

    @TempDir
    Path dir;

    @Test
    void answersEveryKindOfWriteOnlyOnceItIsCommitted() {
        MVStore file = StoreServer.open(dir.resolve("store.mv"));
        List<Consumer<MongoCollection<Document>>> writes = List.of(
                tickets -> tickets.insertOne(new Document("_id", "T-1").append("number", "N-1").append("version", 0)),
                tickets -> tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true)),
                tickets -> tickets.updateOne(new Document("_id", "T-1").append("version", 0), Updates.inc("version", 1)),
                tickets -> tickets.findOneAndUpdate(Filters.eq("_id", "T-1"), Updates.set("status", "OPEN")),
                tickets -> tickets.bulkWrite(List.of(new InsertOneModel<>(new Document("_id", "T-2").append("number", "N-2")),
                        new UpdateOneModel<>(Filters.eq("_id", "T-2"), Updates.set("status", "OPEN")),
                        new InsertOneModel<>(new Document("_id", "T-3").append("number", "N-3")))),
                tickets -> tickets.bulkWrite(List.of(new DeleteOneModel<>(Filters.eq("_id", "T-3")))),
                tickets -> tickets.deleteOne(Filters.eq("_id", "T-2")),
                tickets -> tickets.dropIndex("number_1"),
                MongoCollection::drop);
        try (var server = Running.on(file, false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            assertThat(writes).allSatisfy(write -> {
                write.accept(tickets);
                assertThat(file.hasUnsavedChanges()).isFalse();
            });
        }
    }

    @Test
    void rebuildsTheUniqueIndexesOfAFileAnOlderStoreWrote() {
        Path path = dir.resolve("older.mv");
        writtenByTheBackendAlone(path, tickets -> {
            tickets.insertOne(new Document("_id", "T-0").append("number", "N-0"));
            tickets.insertOne(new Document("_id", "T-1").append("number", "N-1"));
        });
        // as a commit in the background, while the older store inserted T-1, could have left the file
        MVStore torn = olderStore(path);
        MVMap<Object, Object> numbers = torn.openMap("durable.tickets._index_number_1");
        numbers.entrySet().stream().filter(entry -> entry.getValue().equals("T-1")).map(Map.Entry::getKey).toList()
                .forEach(numbers::remove);
        assertThat(numbers).hasSize(1);
        torn.close();

        try (var server = Running.on(StoreServer.open(path), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "T-2").append("number", "N-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            // the documents the older store wrote by Java serialization read as before, and take changes
            assertThat(tickets.find(Filters.eq("_id", "T-0")).first()).containsEntry("number", "N-0");
            tickets.updateOne(Filters.eq("_id", "T-0"), Updates.set("status", "OPEN"));
            assertThat(tickets.find(Filters.eq("number", "N-0")).first()).containsEntry("status", "OPEN");
        }
    }

    @Test
    void ordersUniqueKeysByValueInAFileWhoseKeysTheLastBuildOrderedByTheirSerialization() {
        Path path = dir.resolve("serialized-keys.mv");
        // "N-10" sorts before "N-9" by value, after it by Java serialization (the length comes first)
        writtenByTheBackendAlone(path, tickets -> tickets.insertMany(IntStream.range(0, 300)
                .mapToObj(i -> new Document("_id", "T-" + i).append("number", "N-" + i)).toList()));
        // as the store of the last build left it: whole commands in every commit, keys in serialization order
        MVStore marked = olderStore(path);
        marked.<String, String>openMap("yunwei.store").put("commits-whole-commands", "true");
        marked.close();

        try (var server = Running.on(StoreServer.open(path), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            for (int i = 0; i < 300; i++) {
                int number = i;
                assertThat(tickets.find(Filters.eq("number", "N-" + i)).first()).containsEntry("_id", "T-" + i);
                assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "X-" + number).append("number",
                        "N-" + number))).isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            }
            assertThat(tickets.countDocuments()).isEqualTo(300);
        }
        // and the next start takes the rebuilt indexes as they are
        try (var server = Running.on(StoreServer.open(path), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            assertThatThrownBy(() -> tickets.insertOne(new Document("_id", "X-10").append("number", "N-10")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
            assertThat(tickets.find(Filters.eq("number", "N-199")).first()).containsEntry("_id", "T-199");
        }
    }

    @Test
    void answersAFilterOnOneIdAndMoreByThatDocumentAlone() {
        Path path = dir.resolve("store.mv");
        try (var server = Running.on(StoreServer.open(path), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            for (int i = 0; i < 50; i++) {
                tickets.insertOne(new Document("_id", "T-" + i).append("status", i % 2 == 0 ? "OPEN" : "CLOSED")
                        .append("version", 1L));
            }
            assertThat(tickets.find(Filters.and(Filters.eq("_id", "T-4"), Filters.eq("status", "OPEN"))).first())
                    .containsEntry("_id", "T-4");
            assertThat(tickets.find(Filters.and(Filters.eq("_id", "T-4"), Filters.eq("status", "CLOSED"))).first()).isNull();
            assertThat(tickets.find(Filters.and(Filters.eq("_id", "T-404"), Filters.eq("status", "OPEN"))).first()).isNull();
            // the relay's lease: taken only when free, then not again by another owner
            var lease = Filters.and(Filters.eq("_id", "T-6"), Filters.or(Filters.eq("lease", null), Filters.eq("lease.owner", "a")));
            assertThat(tickets.findOneAndUpdate(lease, Updates.set("lease", new Document("owner", "a")))).isNotNull();
            assertThat(tickets.findOneAndUpdate(Filters.and(Filters.eq("_id", "T-6"), Filters.eq("lease", null)),
                    Updates.set("lease", new Document("owner", "b")))).isNull();
            assertThat(tickets.updateOne(Filters.and(Filters.eq("_id", "T-8"), Filters.eq("version", 2L)),
                    Updates.inc("version", 1)).getMatchedCount()).isZero();
            assertThat(tickets.updateOne(Filters.and(Filters.eq("_id", "T-8"), Filters.eq("version", 1L)),
                    Updates.inc("version", 1)).getMatchedCount()).isOne();
            // a list of ids, some absent, each found by its key
            assertThat(tickets.countDocuments(Filters.and(Filters.in("_id", "T-1", "T-2", "T-3", "T-404"),
                    Filters.eq("status", "CLOSED")))).isEqualTo(2);
            assertThat(tickets.deleteMany(Filters.and(Filters.in("_id", "T-10", "T-11"), Filters.eq("status", "OPEN")))
                    .getDeletedCount()).isOne();
            // a compound key, with one more condition
            MongoCollection<Document> keys = mongo.getDatabase("durable").getCollection("keys");
            Document key = new Document("client", "agent").append("key", "k-1");
            keys.insertOne(new Document("_id", key).append("token", "t-1"));
            keys.insertOne(new Document("_id", new Document("client", "agent").append("key", "k-2")).append("token", "t-2"));
            assertThat(keys.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("token", "t-2")), Updates.set("token", "x"))
                    .getMatchedCount()).isZero();
            assertThat(keys.updateOne(Filters.and(Filters.eq("_id", key), Filters.eq("token", "t-1")), Updates.set("token", "t-3"))
                    .getMatchedCount()).isOne();
            assertThat(keys.find(Filters.eq("_id", key)).first()).containsEntry("token", "t-3");
            // filters on _id that are not keys are answered as before
            assertThat(tickets.countDocuments(Filters.and(Filters.regex("_id", "^T-1"), Filters.eq("status", "OPEN"))))
                    .isEqualTo(4);
        }
        // and the same after a restart, from the documents as the file keeps them
        try (var server = Running.on(StoreServer.open(path), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            assertThat(tickets.countDocuments()).isEqualTo(49);
            assertThat(tickets.find(Filters.eq("_id", "T-6")).first().get("lease", Document.class)).containsEntry("owner", "a");
            assertThat(tickets.find(Filters.eq("_id", "T-8")).first()).containsEntry("version", 2L);
        }
    }

    @Test
    void answersEveryReadWithTheDocumentAsOneWholeWriteLeftIt() throws Exception {
        var settings = MongoClientSettings.builder().retryReads(false)
                .applyToSocketSettings(socket -> socket.readTimeout(5, TimeUnit.SECONDS));
        try (var server = Running.on(StoreServer.open(dir.resolve("store.mv")), false);
                var mongo = MongoClients.create(settings.applyConnectionString(new ConnectionString(server.uri())).build());
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            // long enough that answering a read of it takes a while
            List<Document> history = IntStream.range(0, 1_000).mapToObj(i -> new Document("at", i).append("note", "第 " + i + " 次"))
                    .toList();
            tickets.insertOne(new Document("_id", "T-1").append("history", history).append("a", 0).append("b", 0)
                    .append("state", new Document("a", 0).append("b", 0)));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger reads = new AtomicInteger();
            Queue<String> wrong = new ConcurrentLinkedQueue<>();
            List<Future<?>> readers = IntStream.range(0, 3).<Future<?>>mapToObj(reader -> threads.submit(() -> {
                while (writing.get()) {
                    try {
                        Document read = tickets.find(Filters.eq("_id", "T-1")).first();
                        reads.incrementAndGet();
                        Document state = read.get("state", Document.class);
                        int entries = read.getList("history", Document.class).size();
                        if (!Objects.equals(read.get("a"), read.get("b")) || !Objects.equals(read.get("a"), state.get("a"))
                                || !Objects.equals(state.get("a"), state.get("b"))
                                || entries != 1_000 - read.getInteger("a") % 2) {
                            wrong.add("half a write: a " + read.get("a") + ", b " + read.get("b") + ", state " + state
                                    + ", " + entries + " entries");
                        }
                    } catch (MongoException e) {
                        wrong.add(e.toString());
                    }
                }
            })).toList();
            try {
                for (int i = 1; i <= 1_500; i++) {
                    // each write sets a and b alike, at the top and nested, adds a field or takes one away, and adds an
                    // entry to the history or takes the last one away
                    Bson change = Updates.combine(Updates.set("a", i), Updates.set("b", i), Updates.set("state.a", i),
                            Updates.set("state.b", i),
                            i % 2 == 0 ? Updates.set("extra" + i % 10, i) : Updates.unset("extra" + (i - 1) % 10),
                            i % 2 == 0 ? Updates.push("history", new Document("at", i)) : Updates.popLast("history"));
                    if (i % 3 == 0) {
                        tickets.findOneAndUpdate(Filters.eq("_id", "T-1"), change);
                    } else {
                        tickets.updateOne(Filters.eq("_id", "T-1"), change);
                    }
                }
            } finally {
                // a failed write ends the readers too
                writing.set(false);
            }
            for (Future<?> reader : readers) {
                reader.get();
            }
            assertThat(wrong).isEmpty();
            assertThat(reads.get()).isGreaterThan(100);
            assertThat(tickets.find(Filters.eq("_id", "T-1")).first()).containsEntry("a", 1_500).containsEntry("b", 1_500);
        }
    }

    /**
     * A file written by mongo-java-server's own H2 backend, as stores before this one wrote it: tickets with a unique
     * index on their number, and then the writes given.
     */
    private static void writtenByTheBackendAlone(Path path, Consumer<MongoCollection<Document>> writes) {
        var older = new MongoServer(new H2Backend(olderStore(path)));
        InetSocketAddress address = older.bind();
        try (var mongo = MongoClients.create("mongodb://127.0.0.1:" + address.getPort())) {
            MongoCollection<Document> tickets = mongo.getDatabase("durable").getCollection("tickets");
            tickets.createIndex(Indexes.ascending("number"), new IndexOptions().unique(true));
            writes.accept(tickets);
        } finally {
            older.shutdown();
        }
    }

    private static MVStore olderStore(Path path) {
        return new MVStore.Builder().fileName(path.toString()).open();
    }

    /**
     * The store's server on a free port, put together as {@link StoreServer} does, closed as the store's shutdown
     * closes it. Its housekeeping runs only when a test calls it.
     */
    record Running(MongoServer server, IdLookupBackend backend, GroupCommit commits, Housekeeping housekeeping)
            implements AutoCloseable {

        static Running on(MVStore file, boolean fsync) {
            var commits = new GroupCommit(file, fsync);
            IdLookupBackend backend = StoreServer.backend(file, fsync);
            var server = new MongoServer(new DurableBackend(backend, file, commits));
            server.bind(new InetSocketAddress("127.0.0.1", 0), 1, StoreServer.CONNECTION_THREADS);
            return new Running(server, backend, commits, new Housekeeping(file, commits, backend));
        }

        String uri() {
            return "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
        }

        @Override
        public void close() {
            housekeeping.close();
            server.shutdown();
        }
    }
}
