package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;

import de.bwaldvogel.mongo.bson.Document;

/** Which filters the store answers by one document's {@code _id}: those the services' writes send. */
class IdLookupBackendTest {

    @Test
    void findsTheIdOfAFilterAsTheDriverWritesIt() {
        // Filters.and renders as {$and: [...]}, the shape of the outbox relay's lease writes
        BsonDocument lease = Filters.and(Filters.eq("_id", "T-1"), Filters.exists("outbox.0"),
                Filters.or(Filters.eq("outboxLease", null), Filters.eq("outboxLease.owner", "me")))
                .toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        assertThat(lease.containsKey("$and")).isTrue();

        assertThat(IdLookupBackend.idsOf(new Document("$and", List.of(new Document("_id", "T-1"),
                new Document("outbox.0", new Document("$exists", true)))))).containsExactly("T-1");
        assertThat(IdLookupBackend.idsOf(new Document("_id", "T-1").append("version", 3L))).containsExactly("T-1");
        assertThat(IdLookupBackend.idsOf(new Document("_id", 42))).containsExactly(42);
    }

    @Test
    void findsCompoundKeysAndListsOfKeys() {
        // the Idempotency-Key entries: the caller and the key, taken back only by the token of the request holding it
        Document key = new Document("client", "agent").append("key", "k-1");
        assertThat(IdLookupBackend.idsOf(new Document("_id", key).append("token", "t-1"))).containsExactly(key);
        // the open-ticket claims of a ticket's assets, released together
        assertThat(IdLookupBackend.idsOf(new Document("_id", new Document("$in", List.of("A-1", "A-2")))
                .append("ticketId", "T-1"))).containsExactly("A-1", "A-2");
    }

    @Test
    void leavesEveryOtherFilterToTheIndexesOrAScan() {
        assertThat(IdLookupBackend.idsOf(new Document("_id", new Document("$gt", "T-1")))).isNull();
        assertThat(IdLookupBackend.idsOf(new Document("_id", new Document("$in", List.of("T-1", new Document("$gt", "T-2"))))))
                .isNull();
        assertThat(IdLookupBackend.idsOf(new Document("_id", Pattern.compile("^T-")))).isNull();
        assertThat(IdLookupBackend.idsOf(new Document("$or", List.of(new Document("_id", "T-1"), new Document("_id", "T-2")))))
                .isNull();
        assertThat(IdLookupBackend.idsOf(new Document("status", "OPEN"))).isNull();
    }
}
