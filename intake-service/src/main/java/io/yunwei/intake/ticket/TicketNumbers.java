package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.bson.Document;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Human-readable ticket numbers, {@code YW-yyyyMMdd-NNNNN}, counted per day by an atomic increment. */
@Component
class TicketNumbers {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneId.of("Asia/Shanghai"));

    private final MongoTemplate mongo;

    TicketNumbers(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    String next(Instant now) {
        String day = DAY.format(now);
        Document counter = mongo.findAndModify(query(where("_id").is("ticket-" + day)), new Update().inc("value", 1),
                FindAndModifyOptions.options().upsert(true).returnNew(true), Document.class, "counters");
        return "YW-%s-%05d".formatted(day, counter.get("value", Number.class).longValue());
    }
}
