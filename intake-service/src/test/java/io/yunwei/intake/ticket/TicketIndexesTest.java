package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.convert.MongoCustomConversions;
import org.springframework.data.mongodb.core.index.IndexResolver;
import org.springframework.data.mongodb.core.index.MongoPersistentEntityIndexResolver;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Lists the indexes the tickets collection is declared with, as Spring Data resolves them from the mapping (the
 * embedded test store ignores compound indexes, so asking it would prove nothing), and checks that every filter
 * the ticket list offers, sorted by recording time, has an index starting with exactly that filter. An engineer's
 * list is an {@code $or} of their assignments and their own reports, one index per branch.
 */
class TicketIndexesTest {

    private final Map<String, Document> indexes = declaredIndexes();

    @Test
    void declaresTheIndexesTheTicketListAndTheAssetHistoryUse() {
        assertThat(indexes).containsOnlyKeys("number", "recorded", "status_recorded", "customer_recorded",
                "customer_status_recorded", "engineer_recorded", "recorder_recorded", "asset_recorded", "sla_next_check");
        assertThat(indexes.get("number")).isEqualTo(new Document("number", 1));
    }

    @Test
    void servesEveryListFilterSortedByRecordingTimeFromAnIndex() {
        List<List<String>> filters = List.of(List.of(), List.of("status"), List.of("customerId"),
                List.of("customerId", "status"), List.of("engineerId"), List.of("recordedBy"), List.of("assetIds"));
        for (List<String> filter : filters) {
            assertThat(indexes.values()).as("an index for %s sorted by recordedAt", filter)
                    .anySatisfy(keys -> assertThat(List.copyOf(keys.keySet()).subList(0, Math.min(keys.size(), filter.size() + 1)))
                            .isEqualTo(concat(filter, "recordedAt")));
        }
    }

    private static List<String> concat(List<String> filter, String sort) {
        return java.util.stream.Stream.concat(filter.stream(), java.util.stream.Stream.of(sort)).toList();
    }

    private static Map<String, Document> declaredIndexes() {
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setAutoIndexCreation(true);
        mapping.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());
        IndexResolver resolver = new MongoPersistentEntityIndexResolver(mapping);
        Map<String, Document> byName = new LinkedHashMap<>();
        StreamSupport.stream(resolver.resolveIndexFor(Ticket.class).spliterator(), false)
                .forEach(index -> byName.put(index.getIndexOptions().getString("name"), index.getIndexKeys()));
        return byName;
    }
}
