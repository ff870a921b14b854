package io.yunwei.followup.callback;

import static com.mongodb.client.model.Filters.eq;

import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import com.mongodb.client.model.UpdateOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Business metrics of the follow-up. The fix rates are kept as totals in one shared document (read by its id),
 * so every instance reports the same rates whatever share of the work it did.
 */
@Component
class FollowupMetrics {

    static final String STATS = "followup_stats";
    private static final String RATES_ID = "fix-rates";

    private final MongoTemplate mongo;
    private final MeterRegistry meters;
    private final Counter expired;

    FollowupMetrics(MongoTemplate mongo, MeterRegistry meters) {
        this.mongo = mongo;
        this.meters = meters;
        this.expired = Counter.builder("yunwei.followup.callbacks.expired")
                .description("Callbacks given up after the last allowed unanswered call").register(meters);
        Gauge.builder("yunwei.followup.first.time.fix.rate", this, m -> m.rates().firstTimeFixRate())
                .description("Share of first closures whose fault never came back").register(meters);
        Gauge.builder("yunwei.followup.repeat.fault.rate", this, m -> m.rates().repeatFaultRate())
                .description("Share of closures a callback or revisit found broken again").register(meters);
    }

    void closed(int cycle) {
        meters.counter("yunwei.followup.closures", "cycle", cycle == 1 ? "first" : "repeat").increment();
        add(new Document("closures", 1).append("firstClosures", cycle == 1 ? 1 : 0));
    }

    void recurred(int cycle, String source) {
        meters.counter("yunwei.followup.recurrences", "source", source, "cycle", cycle == 1 ? "first" : "repeat")
                .increment();
        add(new Document("recurrences", 1).append("firstCycleRecurrences", cycle == 1 ? 1 : 0));
    }

    void surveyRecorded(Integer satisfaction) {
        meters.counter("yunwei.followup.surveys", "satisfaction", String.valueOf(satisfaction)).increment();
    }

    void callbackExpired() {
        expired.increment();
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
}
