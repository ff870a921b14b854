package io.yunwei.dispatch.planner;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;

import org.bson.Document;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * One document per area in {@code planner_areas}: how many times a replan was asked for, how many of those the
 * last plan covered, and the lease of the instance planning it now. Asking is an upsert on the area's id, so any
 * instance may ask; planning needs the lease, a conditional update on the id, so one planner works an area at a
 * time however many instances run.
 */
@Component
public class PlanRequests {

    static final String COLLECTION = "planner_areas";

    private final MongoTemplate mongo;
    private final Clock clock;

    PlanRequests(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    /** Something changed in these areas (capacity freed, an engineer's availability or calendar). */
    public void request(Collection<String> areas) {
        areas.stream().filter(Objects::nonNull).distinct().forEach(area -> ask(area, new Update().inc("requested", 1L)));
    }

    /**
     * A ticket in the area waits for an engineer. Only then does the planner look for waiting tickets, a query
     * beyond the id, so areas where nothing waits cost it nothing but their own document.
     */
    public void requestForWaiting(String area) {
        if (area != null) {
            ask(area, new Update().inc("requested", 1L).set("waiting", true));
        }
    }

    private void ask(String area, Update update) {
        try {
            mongo.upsert(query(where("_id").is(area)), update, COLLECTION);
        } catch (DuplicateKeyException e) {
            // two first requests raced to create the area's document; the winner's counts for both
            mongo.updateFirst(query(where("_id").is(area)), update, COLLECTION);
        }
    }

    /** Areas asked to be replanned since their last plan. The collection holds one small document per area. */
    public List<Pending> pending() {
        return mongo.findAll(Document.class, COLLECTION).stream()
                .map(d -> new Pending(d.getString("_id"), number(d.get("requested")), number(d.get("planned")),
                        Boolean.TRUE.equals(d.get("waiting"))))
                .filter(p -> p.requested() > p.planned()).toList();
    }

    /**
     * Takes the area's lease for {@code owner} when nobody holds a live one. When someone does, the conditional
     * upsert collides with their document's id and the answer is no.
     */
    public boolean claim(String area, String owner, Duration lease) {
        Instant now = clock.instant();
        Criteria free = new Criteria().orOperator(where("lease").exists(false), where("lease").is(null),
                where("lease.until").lt(Date.from(now)), where("lease.owner").is(owner));
        try {
            return mongo.findAndModify(query(where("_id").is(area)).addCriteria(free),
                    new Update().set("lease", new Document("owner", owner).append("until", Date.from(now.plus(lease)))),
                    FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class, COLLECTION) != null;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /**
     * The plan covered the requests counted up to {@code requested}; the lease goes back. {@code nothingWaits}: the
     * plan left no ticket waiting, so until the next waiting request the planner need not look for any (unless a
     * request came in meanwhile).
     */
    public void done(String area, String owner, long requested, boolean nothingWaits) {
        if (nothingWaits) {
            mongo.updateFirst(query(where("_id").is(area).and("lease.owner").is(owner).and("requested").is(requested)),
                    new Update().unset("waiting"), COLLECTION);
        }
        mongo.updateFirst(query(where("_id").is(area).and("lease.owner").is(owner)),
                new Update().max("planned", requested).unset("lease"), COLLECTION);
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : 0L;
    }

    /** An area with requests its last plan did not cover; {@code waiting}: a ticket there may wait for an engineer. */
    public record Pending(String area, long requested, long planned, boolean waiting) {
    }
}
