package io.yunwei.followup.callback;

import static com.mongodb.client.model.Filters.eq;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.followup.callback.FollowupService.WorklistStatus;
import io.yunwei.followup.ticket.TicketFollowup.TaskStatus;
import io.yunwei.followup.ticket.TicketFollowup;

/**
 * Business metrics of the follow-up. The fix rates are kept as totals in one shared document (read by its id),
 * and the callback worklist is counted from the store, so every instance reports the same values whatever share
 * of the work it did. The rates read NaN until there is a closure to divide by: no data, rather than a 0% that
 * would fire the alerts on a fresh installation.
 */
@Component
class FollowupMetrics {

    static final String STATS = "followup_stats";
    private static final String RATES_ID = "fix-rates";

    private static final Duration WORKLIST_CACHE = Duration.ofSeconds(10);

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final FollowupPolicy policy;
    private final Clock clock;
    private final Counter expired;
    private volatile Worklist worklist;

    FollowupMetrics(MongoTemplate mongo, MeterRegistry meters, FollowupPolicy policy, Clock clock) {
        this.mongo = mongo;
        this.meters = meters;
        this.policy = policy;
        this.clock = clock;
        this.expired = Counter.builder("yunwei.followup.callbacks.expired")
                .description("Callbacks given up after the last allowed unanswered call").register(meters);
        Gauge.builder("yunwei.followup.callbacks.due", this, m -> m.worklist().due())
                .description("Open callbacks due now and still within their grace period").register(meters);
        Gauge.builder("yunwei.followup.callbacks.overdue", this, m -> m.worklist().overdue())
                .description("Open callbacks past their due time and grace period").register(meters);
        // every series exists from the start, so dashboards show zero rather than nothing
        for (String cycle : List.of("first", "repeat")) {
            closures(cycle);
            for (String source : List.of("CALLBACK", "REVISIT")) {
                recurrences(source, cycle);
            }
        }
        for (int score = 1; score <= 5; score++) {
            surveys(String.valueOf(score));
        }
        Gauge.builder("yunwei.followup.first.time.fix.rate", this, m -> m.rates().firstTimeFixRate())
                .description("Share of first closures whose fault never came back").register(meters);
        Gauge.builder("yunwei.followup.repeat.fault.rate", this, m -> m.rates().repeatFaultRate())
                .description("Share of closures a callback or revisit found broken again").register(meters);
    }

    void closed(int cycle) {
        closures(cycle == 1 ? "first" : "repeat").increment();
        add(new Document("closures", 1).append("firstClosures", cycle == 1 ? 1 : 0));
    }

    void recurred(int cycle, String source) {
        recurrences(source, cycle == 1 ? "first" : "repeat").increment();
        add(new Document("recurrences", 1).append("firstCycleRecurrences", cycle == 1 ? 1 : 0));
    }

    void surveyRecorded(Integer satisfaction) {
        surveys(String.valueOf(satisfaction)).increment();
    }

    private Counter closures(String cycle) {
        return Counter.builder("yunwei.followup.closures").description("Ticket closures follow-up learned of")
                .tag("cycle", cycle).register(meters);
    }

    private Counter recurrences(String source, String cycle) {
        return Counter.builder("yunwei.followup.recurrences")
                .description("Faults found again by a callback or revisit, by source and closure cycle")
                .tag("source", source).tag("cycle", cycle).register(meters);
    }

    private Counter surveys(String satisfaction) {
        return Counter.builder("yunwei.followup.surveys").description("Satisfaction answers, by score")
                .tag("satisfaction", satisfaction).register(meters);
    }

    void callbackExpired() {
        expired.increment();
    }

    /**
     * Counts the open callbacks by where they stand on the call centre's worklist. Read from the store, so every
     * instance reports the same numbers: the three fields it needs of each open callback, not whole follow-ups, and
     * at most once per ten seconds (Prometheus scrapes every 10–15 s; each gauge and each scraper would otherwise read
     * every open callback again).
     */
    Worklist worklist() {
        Instant now = clock.instant();
        Worklist known = worklist;
        if (known != null && known.at().plus(WORKLIST_CACHE).isAfter(now)) {
            return known;
        }
        long due = 0;
        long overdue = 0;
        long grace = policy.callbackGrace().toMillis();
        String open = TaskStatus.OPEN.name();
        for (Document followup : mongo.getCollection(mongo.getCollectionName(TicketFollowup.class))
                .find(eq("callbacks.status", open))
                .projection(Projections.include("callbacks.status", "callbacks.dueAt", "callbacks.nextAttemptAt"))) {
            for (Document task : followup.getList("callbacks", Document.class, List.of())) {
                if (!open.equals(task.getString("status"))) {
                    continue;
                }
                Date next = task.getDate("nextAttemptAt");
                Instant dueAt = (next != null ? next : task.getDate("dueAt")).toInstant();
                switch (WorklistStatus.open(dueAt, now, grace)) {
                    case DUE -> due++;
                    case OVERDUE -> overdue++;
                    default -> {
                        // scheduled, finished or cancelled callbacks are nobody's work right now
                    }
                }
            }
        }
        Worklist counted = new Worklist(now, due, overdue);
        worklist = counted;
        return counted;
    }

    FixRates rates() {
        Document totals = mongo.getCollection(STATS).find(eq("_id", RATES_ID)).first();
        if (totals == null) {
            return new FixRates(0, 0, 0, 0);
        }
        return new FixRates(count(totals, "closures"), count(totals, "firstClosures"), count(totals, "recurrences"),
                count(totals, "firstCycleRecurrences"));
    }

    private void add(Document amounts) {
        mongo.getCollection(STATS).updateOne(eq("_id", RATES_ID), new Document("$inc", amounts),
                new UpdateOptions().upsert(true));
    }

    private static long count(Document totals, String field) {
        Number value = totals.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }

    record Worklist(Instant at, long due, long overdue) {
    }
}
