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

        assertThat(IdLookupBackend.idOf(new Document("$and", List.of(new Document("_id", "T-1"),
                new Document("outbox.0", new Document("$exists", true)))))).isEqualTo("T-1");
        assertThat(IdLookupBackend.idOf(new Document("_id", "T-1").append("version", 3L))).isEqualTo("T-1");
        assertThat(IdLookupBackend.idOf(new Document("_id", 42))).isEqualTo(42);
    }

    @Test
    void leavesEveryOtherFilterToTheIndexesOrAScan() {
        assertThat(IdLookupBackend.idOf(new Document("_id", new Document("$in", List.of("T-1", "T-2"))))).isNull();
        assertThat(IdLookupBackend.idOf(new Document("_id", Pattern.compile("^T-")))).isNull();
        assertThat(IdLookupBackend.idOf(new Document("$or", List.of(new Document("_id", "T-1"), new Document("_id", "T-2")))))
                .isNull();
        assertThat(IdLookupBackend.idOf(new Document("status", "OPEN"))).isNull();
    }
}
