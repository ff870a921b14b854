package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.MongoCursorNotFoundException;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;

/**
 * The store's housekeeping, driven through the real MongoDB driver: it keeps the chunks few while documents change,
 * and frees no chunk a read still needs. The stores here keep a dead chunk for no time at all (H2 keeps one 45 s by
 * default), so that nothing but the versions reads hold stands between a read and a freed chunk.
 */
class HousekeepingIT {

    private static final int TICKETS = 300;

    @TempDir
    Path dir;

    @Test
    void keepsTheChunksFewWhileDocumentsChange() {
        MVStore file = freeingAtOnce(StoreServer.open(dir.resolve("store.mv")));
        try (var server = DurableStoreIT.Running.on(file, false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("housekeeping").getCollection("tickets");
            insertTickets(tickets);
            // each write its own commit and chunk, as writes one at a time are; each leaves a page or two live
            for (int round = 1; round <= 10; round++) {
                for (int t = 0; t < TICKETS; t++) {
                    tickets.updateOne(Filters.eq("_id", "T-" + t), Updates.set("round", round));
                }
            }
            int before = server.housekeeping().chunks();
            assertThat(before).as("chunks before housekeeping").isGreaterThan(300);
            assertThat(server.housekeeping().rewritableFillRate()).isLessThan(Housekeeping.FILL_RATE);

            int rounds = compactFully(server, tickets);

            int after = server.housekeeping().chunks();
            assertThat(rounds).isPositive();
            assertThat(after).as("chunks after %d rounds, from %d", rounds, before).isLessThan(before / 10);
            assertThat(server.housekeeping().rewritableFillRate()).isGreaterThanOrEqualTo(Housekeeping.FILL_RATE);
            assertThat(tickets.find(Filters.exists("note")).into(new ArrayList<>())).hasSize(TICKETS)
                    .allSatisfy(ticket -> assertThat(ticket.getInteger("round")).isEqualTo(10));
        }
        // and the file opens with all of it
        try (var server = DurableStoreIT.Running.on(StoreServer.open(dir.resolve("store.mv")), false);
                var mongo = MongoClients.create(server.uri())) {
            assertThat(mongo.getDatabase("housekeeping").getCollection("tickets").countDocuments(Filters.eq("round", 10)))
                    .isEqualTo(TICKETS);
        }
    }

    @Test
    void aScanReadBatchByBatchReadsEveryDocumentWhileItsChunksAreRewrittenAndFreed() {
        MVStore file = freeingAtOnce(StoreServer.open(dir.resolve("store.mv")));
        try (var server = DurableStoreIT.Running.on(file, false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("housekeeping").getCollection("tickets");
            insertTickets(tickets);
            Set<String> read = new HashSet<>();
            // no index narrows the filter: the scan walks the documents as they were when it began
            try (MongoCursor<Document> scan = tickets.find(Filters.exists("note")).batchSize(20).iterator()) {
                read.add(scan.next().getString("_id"));
                assertThat(server.backend().openScans()).isEqualTo(1);
                // meanwhile every ticket changes twice, and the chunks the scan reads are rewritten and freed
                for (int round = 1; round <= 2; round++) {
                    for (int t = 0; t < TICKETS; t++) {
                        tickets.updateOne(Filters.eq("_id", "T-" + t), Updates.set("note", "changed " + round));
                    }
                    compactFully(server, tickets);
                }
                scan.forEachRemaining(ticket -> read.add(ticket.getString("_id")));
            }
            assertThat(read).hasSize(TICKETS);
            assertThat(server.backend().openScans()).isZero();
            // once the scan is read, what only it needed is freed
            compactFully(server, tickets);
            assertThat(server.housekeeping().rewritableFillRate()).isGreaterThanOrEqualTo(Housekeeping.FILL_RATE);
        }
    }

    @Test
    void endsAScanItsClientKilledOrLeftUnread() {
        MVStore file = StoreServer.open(dir.resolve("store.mv"));
        try (var server = DurableStoreIT.Running.on(file, false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("housekeeping").getCollection("tickets");
            insertTickets(tickets);
            try (MongoCursor<Document> killed = tickets.find(Filters.exists("note")).batchSize(20).iterator()) {
                killed.next();
                assertThat(server.backend().openScans()).isEqualTo(1);
            }
            // closing the cursor early kills it on the server
            assertThat(server.backend().openScans()).isZero();

            MongoCursor<Document> left = tickets.find(Filters.exists("note")).batchSize(20).iterator();
            for (int i = 0; i < 20; i++) {
                left.next();
            }
            server.backend().endScansIdleSince(System.nanoTime() - Housekeeping.SCAN_IDLE.toNanos());
            assertThat(server.backend().openScans()).as("read just now").isEqualTo(1);
            server.backend().endScansIdleSince(System.nanoTime());
            assertThat(server.backend().openScans()).isZero();
            assertThatThrownBy(left::next).isInstanceOf(MongoCursorNotFoundException.class);
        }
    }

    private static void insertTickets(MongoCollection<Document> tickets) {
        List<Document> all = IntStream.range(0, TICKETS).mapToObj(t -> new Document("_id", "T-" + t)
                .append("note", "打印机卡纸 ".repeat(40) + t)).toList();
        for (Document ticket : all) {
            tickets.insertOne(ticket);
        }
    }

    /** Rounds until no mostly dead chunk is left, as rounds every second with writes between come to. */
    private static int compactFully(DurableStoreIT.Running server, MongoCollection<Document> tickets) {
        int rounds = 0;
        for (int pass = 0; pass < 3; pass++) {
            while (server.housekeeping().compactOnce()) {
                rounds++;
            }
            commitSeveralTimes(tickets);
        }
        return rounds;
    }

    /** A dead chunk is freed once it is dead in a version no read holds and a few versions old. */
    private static void commitSeveralTimes(MongoCollection<Document> tickets) {
        for (int i = 0; i < 2 * 5 + 1; i++) {
            tickets.updateOne(Filters.eq("_id", "clock"), Updates.inc("ticks", 1), new UpdateOptions().upsert(true));
        }
    }

    private static MVStore freeingAtOnce(MVStore file) {
        file.setRetentionTime(0);
        return file;
    }
}
