package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.index.IndexInfo;

import io.yunwei.chassis.testkit.IntegrationTest;

@IntegrationTest
class RetiredTicketIndexesIT {

    @Autowired
    MongoTemplate mongo;

    @Autowired
    RetiredTicketIndexes retired;

    @Test
    void dropsTheListIndexesAnEarlierVersionDeclaredAndKeepsTheOthers() {
        var indexes = mongo.indexOps(Ticket.class);
        indexes.createIndex(new Index().on("status", Sort.Direction.ASC).on("recordedAt", Sort.Direction.DESC)
                .named("status_recorded"));
        indexes.createIndex(new Index().on("recordedAt", Sort.Direction.DESC).named("recorded"));
        assertThat(indexes.getIndexInfo()).extracting(IndexInfo::getName).contains("status_recorded", "recorded");

        retired.afterSingletonsInstantiated();

        assertThat(indexes.getIndexInfo()).extracting(IndexInfo::getName)
                .doesNotContainAnyElementsOf(RetiredTicketIndexes.NAMES).contains("number", "sla_next_check");
    }
}
