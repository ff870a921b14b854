package io.yunwei.followup.callback;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Updates.combine;
import static com.mongodb.client.model.Updates.set;
import static com.mongodb.client.model.Updates.setOnInsert;
import static com.mongodb.client.model.Updates.unset;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;

/**
 * The small index of follow-ups still waiting to fall due: one entry per callback or revisit, keyed by its id,
 * removed once it has fallen due. Sweepers claim entries with a lease (a conditional update on the id), so two
 * instances never work one entry at once and an entry a crashed instance held is taken over when its lease ends.
 * The per-ticket document stays the truth; an entry only says when to look at it again.
 */
@Component
class DueTasks {

    static final String COLLECTION = "due_tasks";
    private static final String LEASE = "lease";

    private final MongoTemplate mongo;

    DueTasks(MongoTemplate mongo) {
        this.mongo = mongo;
        collection().createIndex(Indexes.ascending("dueAt"), new IndexOptions().name("dueAt"));
    }

    /** Makes sure the task is looked at by {@code dueAt}; an existing entry keeps its time. */
    void ensure(String taskId, String ticketId, Instant dueAt) {
        collection().updateOne(eq("_id", taskId),
                combine(setOnInsert("ticketId", ticketId), setOnInsert("dueAt", Date.from(dueAt))),
                new UpdateOptions().upsert(true));
    }

    /** Looks at the task again at {@code dueAt}, whatever was planned before. */
    void reschedule(String taskId, String ticketId, Instant dueAt) {
        collection().updateOne(eq("_id", taskId), combine(setOnInsert("ticketId", ticketId), set("dueAt", Date.from(dueAt))),
                new UpdateOptions().upsert(true));
    }

    /** Claims up to {@code limit} entries due by {@code now} that nobody holds. */
    List<Claim> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        Date at = Date.from(now);
        Bson dueAndFree = and(lte("dueAt", at), or(eq(LEASE, null), lt(LEASE + ".until", at)));
        List<Claim> claims = new ArrayList<>();
        for (Document candidate : collection().find(dueAndFree).sort(Indexes.ascending("dueAt")).limit(limit)) {
            Document claimed = collection().findOneAndUpdate(and(eq("_id", candidate.get("_id")), dueAndFree),
                    set(LEASE, new Document("owner", owner).append("until", Date.from(leaseUntil))),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            if (claimed != null) {
                claims.add(new Claim(claimed.getString("_id"), claimed.getString("ticketId"),
                        claimed.getDate("dueAt").toInstant()));
            }
        }
        return claims;
    }

    /**
     * Lets go of a claim: the entry is removed, or moved to {@code next}, unless someone rescheduled it meanwhile
     * (an unanswered call), in which case the newer time stands.
     */
    void release(String owner, Claim claim, Instant next) {
        Bson mine = and(eq("_id", claim.taskId()), eq(LEASE + ".owner", owner), eq("dueAt", Date.from(claim.dueAt())));
        if (next == null) {
            collection().deleteOne(mine);
        } else {
            collection().updateOne(mine, combine(set("dueAt", Date.from(next)), unset(LEASE)));
        }
        collection().updateOne(and(eq("_id", claim.taskId()), eq(LEASE + ".owner", owner)), unset(LEASE));
    }

    boolean pending(String taskId) {
        return collection().find(eq("_id", taskId)).first() != null;
    }

    private MongoCollection<Document> collection() {
        return mongo.getCollection(COLLECTION);
    }

    record Claim(String taskId, String ticketId, Instant dueAt) {
    }
}
