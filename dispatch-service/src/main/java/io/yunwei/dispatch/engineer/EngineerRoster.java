package io.yunwei.dispatch.engineer;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.web.PageView;
import io.yunwei.dispatch.engineer.Engineer.Creation;

/** The engineers and their capacity. */
@Service
public class EngineerRoster {

    /**
     * How many of the day's dispatches the tally names: enough that a retried reservation or a give-back, which come
     * seconds after the reservation, still find it, while the document stays small on the busiest day.
     */
    public static final int TALLY_WINDOW = 50;

    private final MongoTemplate mongo;

    EngineerRoster(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Engineer add(Engineer engineer) {
        try {
            return mongo.insert(engineer);
        } catch (DuplicateKeyException e) {
            throw exists(engineer.id());
        }
    }

    /**
     * Adds the engineer with its {@code Idempotency-Key} in the same insert. A retry of the same request (found by
     * its key, or colliding on the id the first request took) gets the first response body back; the key with
     * another request is refused.
     */
    Added add(Engineer engineer, Creation creation) {
        Optional<Added> earlier = Optional.ofNullable(mongo.findOne(query(where("creation.client").is(creation.client())
                .and("creation.key").is(creation.key())), Engineer.class)).map(e -> replay(e, creation));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        try {
            return new Added(mongo.insert(engineer.createdWith(creation)), creation.response(), false);
        } catch (DuplicateKeyException e) {
            Engineer existing = engineer(engineer.id()).orElseThrow(() -> exists(engineer.id()));
            if (existing.creation() == null || !existing.creation().client().equals(creation.client())
                    || !existing.creation().key().equals(creation.key())) {
                throw exists(engineer.id());
            }
            return replay(existing, creation);
        }
    }

    private static Added replay(Engineer existing, Creation creation) {
        if (!existing.creation().fingerprint().equals(creation.fingerprint())) {
            throw IdempotencyKeys.reused();
        }
        return new Added(existing, existing.creation().response(), true);
    }

    private static ApiProblem exists(String id) {
        return new ApiProblem(HttpStatus.CONFLICT, "ENGINEER_EXISTS", "An engineer with id " + id + " exists.");
    }

    /** The engineer as stored, the response body first sent for it, and whether this answer is a replay. */
    record Added(Engineer engineer, String response, boolean replayed) {
    }

    public Optional<Engineer> engineer(String id) {
        return Optional.ofNullable(mongo.findById(id, Engineer.class));
    }

    /** A page of the roster in id order, of those covering the area (as their own or as a backup) when one is given. */
    PageView<Engineer> page(String areaCode, int page, int size) {
        Query filter = areaCode == null ? new Query()
                : query(new Criteria().orOperator(where("areas").is(areaCode), where("backupAreas").is(areaCode)));
        long total = mongo.count(filter, Engineer.class);
        List<Engineer> content = mongo.find(filter.with(PageRequest.of(page, size, Sort.by("_id"))),
                Engineer.class);
        return PageView.of(new PageImpl<>(content, PageRequest.of(page, size), total));
    }

    /** The whole roster: a service desk has hundreds of engineers, not millions. */
    public List<Engineer> all() {
        return mongo.findAll(Engineer.class);
    }

    /**
     * Sets availability and, when given, the calendar. With {@code expectedRevision}, only on the engineer as the
     * caller read it: 412 when someone edited it since. False when there is no such engineer.
     */
    boolean setAvailability(String id, Long expectedRevision, boolean available, List<Engineer.Shift> shifts,
            List<Engineer.OnCall> onCall) {
        Update update = new Update().set("available", available).inc("revision", 1);
        if (shifts != null) {
            update.set("shifts", shifts);
        }
        if (onCall != null) {
            update.set("onCall", onCall);
        }
        Criteria engineer = where("_id").is(id);
        if (expectedRevision != null) {
            // engineers stored before revisions were kept count as revision 0
            engineer = expectedRevision == 0
                    ? engineer.orOperator(where("revision").is(0L), where("revision").exists(false))
                    : engineer.and("revision").is(expectedRevision);
        }
        if (mongo.updateFirst(query(engineer), update, Engineer.class).getMatchedCount() == 1) {
            return true;
        }
        Optional<Engineer> current = expectedRevision == null ? Optional.empty() : engineer(id);
        if (current.isPresent()) {
            // edited between the caller's check and this write
            IfMatch.of(IfMatch.etag(expectedRevision)).check(current.get().revision(), "engineer");
        }
        return false;
    }

    /**
     * Takes one unit of the engineer's capacity for the dispatch, atomically, and counts it in the engineer's tally of
     * the day: the update only matches while the engineer is available and carries fewer than {@code capacity}
     * dispatches. Taking it again for the same dispatch is harmless, so a retried assignment never counts twice; a
     * reservation that never becomes a dispatch is taken back from both ({@link #abandon}). One write when the
     * engineer's tally, as read, is of the same day; a new day, a retry or a lost race for the last unit takes more.
     */
    public boolean reserve(Engineer engineer, String dispatchId, LocalDate day) {
        if (engineer.capacity() <= 0) {
            return false;
        }
        Criteria room = where("_id").is(engineer.id()).and("available").is(true)
                .and("active." + (engineer.capacity() - 1)).exists(false);
        if (day.toString().equals(engineer.tallyDay()) && mongo.updateFirst(query(room).addCriteria(uncounted(dispatchId,
                day)), counted(new Update().addToSet("active", dispatchId), dispatchId), Engineer.class)
                .getMatchedCount() == 1) {
            return true;
        }
        boolean taken = mongo.updateFirst(query(room), new Update().addToSet("active", dispatchId), Engineer.class)
                .getMatchedCount() == 1
                || mongo.exists(query(where("_id").is(engineer.id()).and("active").is(dispatchId)), Engineer.class);
        if (taken) {
            tally(engineer.id(), dispatchId, day);
        }
        return taken;
    }

    /** Gives the dispatch's unit of capacity back. */
    public void release(String engineerId, String dispatchId) {
        mongo.updateFirst(query(where("_id").is(engineerId)), new Update().pull("active", dispatchId), Engineer.class);
    }

    /**
     * Gives back a reservation that never became a dispatch: neither the capacity nor the day's tally keeps it. The
     * count goes down only while the tally still names the dispatch, so a give-back repeated, or one after the day
     * turned, takes nothing from the count.
     */
    public void abandon(String engineerId, String dispatchId) {
        if (mongo.updateFirst(query(where("_id").is(engineerId).and("tally").is(dispatchId)), new Update()
                .pull("active", dispatchId).pull("tally", dispatchId).inc("tallyCount", -1), Engineer.class)
                .getMatchedCount() == 0) {
            release(engineerId, dispatchId);
        }
    }

    /**
     * Counts the dispatch in the engineer's tally of the day, once: a dispatch the tally already names is not
     * counted again, and a new day starts the tally afresh. Fairness is a soft preference, so a lost race here costs
     * nothing but a point.
     */
    private void tally(String engineerId, String dispatchId, LocalDate day) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (mongo.updateFirst(query(where("_id").is(engineerId)).addCriteria(uncounted(dispatchId, day)),
                    counted(new Update(), dispatchId), Engineer.class).getMatchedCount() == 1) {
                return;
            }
            if (mongo.updateFirst(query(where("_id").is(engineerId).and("tallyDay").ne(day.toString())),
                    new Update().set("tallyDay", day.toString()).set("tally", List.of(dispatchId)).set("tallyCount", 1),
                    Engineer.class).getMatchedCount() == 1) {
                return;
            }
            if (mongo.exists(query(where("_id").is(engineerId).and("tallyDay").is(day.toString()).and("tally")
                    .is(dispatchId)), Engineer.class)) {
                return;
            }
        }
    }

    /** The engineer's tally is of the day and does not name the dispatch yet. */
    private static Criteria uncounted(String dispatchId, LocalDate day) {
        return where("tallyDay").is(day.toString()).and("tally").ne(dispatchId);
    }

    /** Counts the dispatch and keeps its id among the latest {@link #TALLY_WINDOW}. */
    private static Update counted(Update update, String dispatchId) {
        update.inc("tallyCount", 1).push("tally").slice(-TALLY_WINDOW).each(dispatchId);
        return update;
    }
}
