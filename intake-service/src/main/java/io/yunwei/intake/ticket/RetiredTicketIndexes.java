package io.yunwei.intake.ticket;

import java.util.Set;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;
import org.springframework.data.mongodb.core.index.IndexOperations;
import org.springframework.stereotype.Component;

/**
 * Drops the ticket indexes earlier versions declared for the list's filters, which the search index now answers
 * ({@link TicketSearch}): left in place, each would cost every ticket write and serve no read.
 */
@Component
class RetiredTicketIndexes implements SmartInitializingSingleton {

    static final Set<String> NAMES = Set.of("recorded", "status_recorded", "customer_recorded",
            "customer_status_recorded", "priority_recorded", "status_priority_recorded", "engineer_recorded",
            "recorder_recorded");

    private final MongoTemplate mongo;

    RetiredTicketIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Override
    public void afterSingletonsInstantiated() {
        IndexOperations indexes = mongo.indexOps(Ticket.class);
        indexes.getIndexInfo().stream().map(IndexInfo::getName).filter(NAMES::contains).forEach(indexes::dropIndex);
    }
}
