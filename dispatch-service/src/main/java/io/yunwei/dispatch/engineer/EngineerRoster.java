package io.yunwei.dispatch.engineer;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import io.yunwei.chassis.web.ApiProblem;

/** The engineers and their capacity. */
@Service
public class EngineerRoster {

    private final MongoTemplate mongo;

    EngineerRoster(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    Engineer add(Engineer engineer) {
        try {
            return mongo.insert(engineer);
        } catch (DuplicateKeyException e) {
            throw new ApiProblem(HttpStatus.CONFLICT, "ENGINEER_EXISTS", "An engineer with id " + engineer.id() + " exists.");
        }
    }

    public Optional<Engineer> engineer(String id) {
        return Optional.ofNullable(mongo.findById(id, Engineer.class));
    }

    /** The whole roster: a service desk has hundreds of engineers, not millions. */
    public List<Engineer> all() {
        return mongo.findAll(Engineer.class);
    }

    boolean setAvailability(String id, boolean available, List<Engineer.Shift> shifts, List<Engineer.OnCall> onCall) {
        Update update = new Update().set("available", available);
        if (shifts != null) {
            update.set("shifts", shifts);
        }
        if (onCall != null) {
            update.set("onCall", onCall);
        }
        return mongo.updateFirst(query(where("_id").is(id)), update, Engineer.class).getMatchedCount() == 1;
    }

    /**
     * Takes one unit of the engineer's capacity for the dispatch, atomically: the update only matches while the
     * engineer is available and carries fewer than {@code capacity} dispatches. Taking it again for the same
     * dispatch is harmless, so a retried assignment never counts twice.
     */
    public boolean reserve(Engineer engineer, String dispatchId) {
        if (engineer.capacity() <= 0) {
            return false;
        }
        boolean taken = mongo.updateFirst(
                query(where("_id").is(engineer.id()).and("available").is(true)
                        .and("active." + (engineer.capacity() - 1)).exists(false)),
                new Update().addToSet("active", dispatchId), Engineer.class).getMatchedCount() == 1;
        return taken || mongo.exists(query(where("_id").is(engineer.id()).and("active").is(dispatchId)), Engineer.class);
    }

    /** Gives the dispatch's unit of capacity back. */
    public void release(String engineerId, String dispatchId) {
        mongo.updateFirst(query(where("_id").is(engineerId)), new Update().pull("active", dispatchId), Engineer.class);
    }

    /** Gives back a reservation that never became a dispatch: neither the capacity nor the day's tally keeps it. */
    public void abandon(String engineerId, String dispatchId) {
        mongo.updateFirst(query(where("_id").is(engineerId)), new Update().pull("active", dispatchId).pull("tally", dispatchId),
                Engineer.class);
    }

    /**
     * Counts the dispatch in the engineer's tally of the day. Adding to a set keeps a retried count single; a new
     * day starts the tally afresh. Fairness is a soft preference, so a lost race here costs nothing but a point.
     */
    public void tally(String engineerId, String dispatchId, LocalDate day) {
        for (int attempt = 0; attempt < 3; attempt++) {
            if (mongo.updateFirst(query(where("_id").is(engineerId).and("tallyDay").is(day.toString())),
                    new Update().addToSet("tally", dispatchId), Engineer.class).getMatchedCount() == 1) {
                return;
            }
            if (mongo.updateFirst(query(where("_id").is(engineerId).and("tallyDay").ne(day.toString())),
                    new Update().set("tallyDay", day.toString()).set("tally", List.of(dispatchId)), Engineer.class)
                    .getMatchedCount() == 1) {
                return;
            }
        }
    }
}
