package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;

/**
 * The store's non-unique indexes and its scans, through the real MongoDB driver: every filter an index narrows finds
 * exactly what a scan of the same documents finds, through inserts, updates, deletes and a restart.
 */
class SecondaryIndexIT {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final List<String> WORDS = List.of("OPEN", "CLOSED", "ASSIGNED", "", "打印机", "b", "ba");

    @TempDir
    Path dir;

    @Test
    void findsWhatAScanFinds() {
        Path file = dir.resolve("store.mv");
        Random random = new Random(7);
        try (var server = DurableStoreIT.Running.on(StoreServer.open(file), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> indexed = mongo.getDatabase("t").getCollection("indexed");
            MongoCollection<Document> plain = mongo.getDatabase("t").getCollection("plain");
            for (String field : List.of("n", "s", "due", "tags", "pending", "outbox.0.time", "lines.e")) {
                indexed.createIndex(Indexes.ascending(field), new IndexOptions().name(field + "_1"));
            }
            indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("tags"), Indexes.descending("due")));
            for (int i = 0; i < 600; i++) {
                Document document = document("D-" + i, random);
                indexed.insertOne(document);
                plain.insertOne(document);
            }
            assertSameFinds(indexed, plain);
            for (int i = 0; i < 300; i++) {
                String id = "D-" + random.nextInt(600);
                Bson change = switch (random.nextInt(4)) {
                    case 0 -> Updates.set("n", random.nextInt(20));
                    case 1 -> Updates.unset("pending");
                    case 2 -> Updates.set("due", Date.from(T0.plusSeconds(random.nextInt(100) * 60L)));
                    default -> Updates.set("tags", List.of("t" + random.nextInt(5)));
                };
                indexed.updateOne(Filters.eq("_id", id), change);
                plain.updateOne(Filters.eq("_id", id), change);
            }
            for (int i = 0; i < 100; i++) {
                String id = "D-" + random.nextInt(600);
                indexed.deleteOne(Filters.eq("_id", id));
                plain.deleteOne(Filters.eq("_id", id));
            }
            assertSameFinds(indexed, plain);
        }
        try (var server = DurableStoreIT.Running.on(StoreServer.open(file), false); var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> indexed = mongo.getDatabase("t").getCollection("indexed");
            assertSameFinds(indexed, mongo.getDatabase("t").getCollection("plain"));
            // an index declared over documents already stored is built from them
            indexed.createIndex(Indexes.ascending("m"));
            assertThat(ids(indexed.find(Filters.lte("m", 3))))
                    .isEqualTo(ids(mongo.getDatabase("t").getCollection("plain").find(Filters.lte("m", 3)))).isNotEmpty();
        }
    }

    @Test
    void narrowsTheFiltersTheServicesSweepWith() {
        var index = new SecondaryIndex(MVStore.open(null).openMap("i", SecondaryIndex.mapType()), "sla",
                List.of(new de.bwaldvogel.mongo.backend.IndexKey("slaNextCheckAt", true)));
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("slaNextCheckAt",
                new de.bwaldvogel.mongo.bson.Document("$lte", T0)))).isTrue();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("slaNextCheckAt",
                new de.bwaldvogel.mongo.bson.Document("$exists", true)))).isTrue();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("slaNextCheckAt",
                new de.bwaldvogel.mongo.bson.Document("$exists", false)))).isFalse();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("slaNextCheckAt",
                new de.bwaldvogel.mongo.bson.Document("$ne", T0)))).isFalse();
        assertThat(index.canHandle(new de.bwaldvogel.mongo.bson.Document("other", "x"))).isFalse();

        var dispatches = new SecondaryIndex(MVStore.open(null).openMap("d", SecondaryIndex.mapType()), "status",
                List.of(new de.bwaldvogel.mongo.backend.IndexKey("dispatches.status", true)));
        assertThat(dispatches.canHandle(new de.bwaldvogel.mongo.bson.Document("dispatches",
                new de.bwaldvogel.mongo.bson.Document("$elemMatch", new de.bwaldvogel.mongo.bson.Document("status",
                        "SCHEDULED").append("engineerId", "eng-wang"))))).isTrue();
        assertThat(dispatches.canHandle(new de.bwaldvogel.mongo.bson.Document("dispatches",
                new de.bwaldvogel.mongo.bson.Document("$elemMatch", new de.bwaldvogel.mongo.bson.Document("engineerId",
                        "eng-wang"))))).isFalse();
    }

    @Test
    void scansInBatchesFromTheCollectionAsTheQueryFoundIt() {
        try (var server = DurableStoreIT.Running.on(StoreServer.open(dir.resolve("scan.mv")), false);
                var mongo = MongoClients.create(server.uri())) {
            MongoCollection<Document> tickets = mongo.getDatabase("t").getCollection("tickets");
            List<Document> batch = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                batch.add(new Document("_id", "T-" + i).append("n", i).append("text", "x".repeat(100)));
            }
            tickets.insertMany(batch);
            Set<String> seen = new HashSet<>();
            try (MongoCursor<Document> cursor = tickets.find(Filters.gte("n", 0)).projection(new Document("n", 1))
                    .batchSize(100).iterator()) {
                while (cursor.hasNext()) {
                    Document next = cursor.next();
                    assertThat(next).doesNotContainKey("text");
                    seen.add(next.getString("_id"));
                    if (seen.size() == 150) {
                        tickets.insertOne(new Document("_id", "T-late").append("n", 1));
                        tickets.deleteOne(Filters.eq("_id", "T-2000"));
                    }
                }
            }
            assertThat(seen).hasSize(2_500).contains("T-2000").doesNotContain("T-late");
            assertThat(tickets.find(Filters.gte("n", 0)).skip(10).limit(1_000).batchSize(64).into(new ArrayList<>()))
                    .hasSize(1_000);
            assertThat(tickets.find(Filters.gte("n", 2_400)).sort(Sorts.descending("n")).into(new ArrayList<>()))
                    .first().extracting(d -> d.getInteger("n")).isEqualTo(2_499);
        }
    }

    private static Document document(String id, Random random) {
        Document document = new Document("_id", id);
        maybe(random, () -> document.append("n", switch (random.nextInt(3)) {
            case 0 -> random.nextInt(20);
            case 1 -> (long) random.nextInt(20);
            default -> random.nextInt(20) + 0.5;
        }));
        maybe(random, () -> document.append("s", random.nextInt(8) == 0 ? null : WORDS.get(random.nextInt(WORDS.size()))));
        maybe(random, () -> document.append("due", Date.from(T0.plusSeconds(random.nextInt(100) * 60L))));
        maybe(random, () -> document.append("tags", random.nextInt(6) == 0 ? List.of()
                : List.of("t" + random.nextInt(5), "t" + random.nextInt(5))));
        maybe(random, () -> document.append("pending", random.nextBoolean() ? new Document("since", 1) : true));
        document.append("m", random.nextInt(10));
        // pending events as the outbox keeps them: an index on the first one's time finds only documents with some
        document.append("outbox", random.nextBoolean() ? List.of() : List.of(new Document("time",
                Date.from(T0.plusSeconds(random.nextInt(100) * 60L))), new Document("time", Date.from(T0))));
        maybe(random, () -> document.append("lines", List.of(new Document("e", WORDS.get(random.nextInt(3))),
                new Document("e", WORDS.get(random.nextInt(3))))));
        return document;
    }

    private static void maybe(Random random, Runnable append) {
        if (random.nextInt(4) != 0) {
            append.run();
        }
    }

    private static void assertSameFinds(MongoCollection<Document> indexed, MongoCollection<Document> plain) {
        Date mid = Date.from(T0.plusSeconds(50 * 60));
        List<Bson> filters = List.of(Filters.eq("n", 7), Filters.eq("n", 7.5), Filters.eq("n", 3L), Filters.in("n", 1, 2.5, 9L),
                Filters.lt("n", 5), Filters.lte("n", 5), Filters.gt("n", 15), Filters.and(Filters.gte("n", 4), Filters.lt("n", 9)),
                Filters.eq("s", "OPEN"), Filters.eq("s", ""), Filters.eq("s", "b"), Filters.in("s", "打印机", "ba"),
                Filters.lte("due", mid), Filters.lt("due", mid), Filters.gte("due", mid), Filters.eq("due", mid),
                Filters.eq("tags", "t3"), Filters.in("tags", "t1", "t4"), Filters.exists("tags"), Filters.exists("pending"),
                Filters.exists("s"), Filters.and(Filters.eq("tags", "t2"), Filters.lte("due", mid)),
                Filters.and(Filters.eq("s", "CLOSED"), Filters.gt("n", 10)), Filters.exists("outbox.0.time"),
                Filters.gt("outbox.0.time", mid), Filters.eq("lines.e", "CLOSED"), Filters.exists("lines.e"),
                Filters.elemMatch("lines", Filters.eq("e", "CLOSED")),
                Filters.elemMatch("lines", Filters.and(Filters.eq("e", "OPEN"), Filters.eq("n", 3))),
                Filters.and(Filters.elemMatch("lines", Filters.in("e", "OPEN", "ASSIGNED")), Filters.gt("n", 10)));
        for (Bson filter : filters) {
            assertThat(ids(indexed.find(filter))).as(filter.toString()).isEqualTo(ids(plain.find(filter)));
        }
        // sorted by the index's field, each direction, a limit and a skip: the same values in the same order
        for (var sorted : List.of(Map.entry(Filters.lte("due", mid), "due"), Map.entry(Filters.exists("due"), "due"),
                Map.entry(Filters.gte("n", 3), "n"), Map.entry(Filters.in("n", 2, 12.5, 7L), "n"))) {
            for (Bson order : List.of(Sorts.ascending(sorted.getValue()), Sorts.descending(sorted.getValue()))) {
                for (int limit : new int[] { 0, 7 }) {
                    assertThat(values(indexed.find(sorted.getKey()).sort(order).skip(2).limit(limit).batchSize(5),
                            sorted.getValue())).as("%s by %s, limit %d", sorted.getKey(), order, limit)
                            .isEqualTo(values(plain.find(sorted.getKey()).sort(order).skip(2).limit(limit), sorted.getValue()))
                            .isNotEmpty();
                }
            }
        }
    }

    private static List<Object> values(Iterable<Document> found, String field) {
        List<Object> values = new ArrayList<>();
        found.forEach(document -> values.add(document.get(field) instanceof Number number ? (Object) number.doubleValue()
                : document.get(field)));
        return values;
    }

    private static Set<String> ids(Iterable<Document> found) {
        Set<String> ids = new HashSet<>();
        found.forEach(document -> ids.add(document.getString("_id")));
        return ids;
    }
}
