package io.yunwei.chassis.courtesy;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.ne;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.UpdateOptions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.security.Actor;

/**
 * Texts refused for courtesy, counted per calendar day in the service's own store, so a supervisor's report reads
 * one small document per day by its id instead of any record: {@code {_id: "2026-12-05", refusals: 3,
 * categories: {DEFLECTION: 2, VAGUENESS: 1}, actors: {<actor>: {actor, refusals}}}}. A refused text counts once in
 * each category it has findings in. Counted in one upsert before the refusal is answered; a store that fails the
 * count leaves that refusal out (logged and counted as {@code yunwei.courtesy.refusals.uncounted}) rather than
 * turning the refusal into an error, and a process that stops between the two leaves it out as well. A request sent
 * with an {@code Idempotency-Key} counts once however often it is retried: the day's document keeps a digest of the
 * caller, the key, the field and what was found ({@code counted}), and the upsert matches only a day without it (a
 * retry's upsert collides with the day's id instead); the same key with another refused text counts again. A retry
 * after midnight counts on its own day.
 */
class CourtesyTallies implements CourtesyRefusals {

    static final String COLLECTION = "courtesy_tallies";

    private static final Logger log = LoggerFactory.getLogger(CourtesyTallies.class);

    private final MongoTemplate mongo;
    private final ZoneId zone;
    private final Clock clock;
    private final Counter uncounted;

    CourtesyTallies(MongoTemplate mongo, ZoneId zone, Clock clock, MeterRegistry meters) {
        this.mongo = mongo;
        this.zone = zone;
        this.clock = clock;
        this.uncounted = Counter.builder("yunwei.courtesy.refusals.uncounted")
                .description("Texts refused for courtesy that the store did not let us count").register(meters);
    }

    ZoneId zone() {
        return zone;
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    @Override
    public void refused(String field, List<CourtesyFinding> findings) {
        Document increments = new Document("refusals", 1);
        Set<CourtesyCategory> categories = EnumSet.noneOf(CourtesyCategory.class);
        findings.forEach(finding -> categories.add(finding.category()));
        categories.forEach(category -> increments.append("categories." + category.name(), 1));
        Document update = new Document("$inc", increments);
        String subject = Actor.current().map(Actor::subject).filter(s -> !s.isBlank()).orElse(null);
        if (subject != null) {
            String actor = "actors." + fieldName(subject);
            increments.append(actor + ".refusals", 1);
            update.append("$set", new Document(actor + ".actor", subject));
        }
        Bson day = eq("_id", today().toString());
        String retried = retryDigest(subject, field, findings);
        if (retried != null) {
            day = and(day, ne("counted", retried));
            update.append("$addToSet", new Document("counted", retried));
        }
        try {
            mongo.getCollection(COLLECTION).updateOne(day, update, new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                notCounted(field, e);
            }
            // else a retry of a refusal already counted today
        } catch (RuntimeException e) {
            notCounted(field, e);
        }
    }

    /**
     * What tells a retry of this refusal from another: the caller, the request's {@code Idempotency-Key}, the field
     * and the phrases found; null for a request without a key (each is counted) or outside a request.
     */
    private static String retryDigest(String subject, String field, List<CourtesyFinding> findings) {
        if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request)) {
            return null;
        }
        String key = request.getRequest().getHeader(IdempotencyKeys.HEADER);
        if (key == null || key.isBlank()) {
            return null;
        }
        StringBuilder text = new StringBuilder().append(subject).append('\n').append(key).append('\n').append(field);
        findings.forEach(finding -> text.append('\n').append(finding.category()).append(' ').append(finding.phrase())
                .append(' ').append(finding.start()));
        return IdempotencyKeys.sha256(text.toString());
    }

    private void notCounted(String field, RuntimeException e) {
        uncounted.increment();
        log.warn("A text refused for courtesy in {} could not be counted: {}", field, e.toString());
    }

    /** The refusals of the days {@code from} to {@code to}, both included. */
    Tally between(LocalDate from, LocalDate to) {
        List<String> days = from.datesUntil(to.plusDays(1)).map(LocalDate::toString).toList();
        Map<String, Document> found = new HashMap<>();
        mongo.getCollection(COLLECTION).find(in("_id", days)).forEach(day -> found.put(day.getString("_id"), day));
        List<CourtesyRefusalDay> perDay = new ArrayList<>();
        Map<CourtesyCategory, Long> categories = noneYet();
        Map<String, Long> byActor = new TreeMap<>();
        long refusals = 0;
        for (String id : days) {
            Document day = found.getOrDefault(id, new Document());
            Map<CourtesyCategory, Long> ofDay = noneYet();
            Document counted = day.get("categories", Document.class);
            if (counted != null) {
                for (CourtesyCategory category : CourtesyCategory.values()) {
                    ofDay.put(category, count(counted, category.name()));
                    categories.merge(category, ofDay.get(category), Long::sum);
                }
            }
            Document actors = day.get("actors", Document.class);
            if (actors != null) {
                for (Object value : actors.values()) {
                    Document actor = (Document) value;
                    byActor.merge(actor.getString("actor"), count(actor, "refusals"), Long::sum);
                }
            }
            long ofDayRefusals = count(day, "refusals");
            refusals += ofDayRefusals;
            perDay.add(new CourtesyRefusalDay(LocalDate.parse(id), ofDayRefusals, ofDay));
        }
        // most refusals first; a stable sort keeps equal counts in name order
        List<CourtesyRefusalActor> actors = byActor.entrySet().stream()
                .map(e -> new CourtesyRefusalActor(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(CourtesyRefusalActor::refusals).reversed()).toList();
        return new Tally(refusals, categories, perDay, actors);
    }

    /** An actor's id as a field name: the characters a field name may not hold escaped, reversibly. */
    static String fieldName(String actor) {
        return actor.replace("%", "%25").replace(".", "%2E").replace("$", "%24").replace("\0", "%00");
    }

    private static Map<CourtesyCategory, Long> noneYet() {
        Map<CourtesyCategory, Long> counts = new EnumMap<>(CourtesyCategory.class);
        for (CourtesyCategory category : CourtesyCategory.values()) {
            counts.put(category, 0L);
        }
        return counts;
    }

    private static long count(Document document, String field) {
        Number value = document.get(field, Number.class);
        return value == null ? 0 : value.longValue();
    }

    /** Refused texts over some days: in all, per category, per day, and per person who tried to say them. */
    record Tally(long refusals, Map<CourtesyCategory, Long> categories, List<CourtesyRefusalDay> days,
            List<CourtesyRefusalActor> actors) {
    }

    /** One day's refused texts, in all and per category. */
    record CourtesyRefusalDay(LocalDate day, long refusals, Map<CourtesyCategory, Long> categories) {
    }

    /** The texts one person (the token's subject) tried to say and was stopped from saying. */
    record CourtesyRefusalActor(String actor, long refusals) {
    }
}
