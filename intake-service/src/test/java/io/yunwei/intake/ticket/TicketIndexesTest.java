package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.yunwei.chassis.testkit.DeclaredIndexes;

/**
 * Lists the indexes the tickets collection is declared with, as Spring Data resolves them from the mapping (the
 * embedded test store ignores compound indexes, so asking it would prove nothing), and checks that every filter
 * the ticket list offers, sorted by recording time, has an index starting with exactly that filter. An engineer's
 * list is an {@code $or} of their assignments and their own reports, one index per branch.
 */
class TicketIndexesTest {

    private final Map<String, Document> indexes = DeclaredIndexes.of(Ticket.class);

    @Test
    void declaresTheIndexesTheTicketListAndTheAssetHistoryUse() {
        assertThat(indexes).containsOnlyKeys("number", "recorded", "status_recorded", "customer_recorded",
                "customer_status_recorded", "priority_recorded", "status_priority_recorded", "engineer_recorded", "recorder_recorded", "asset_recorded", "sla_next_check");
        assertThat(indexes.get("number")).isEqualTo(new Document("number", 1));
    }

    @Test
    void servesEveryListFilterSortedByRecordingTimeFromAnIndex() {
        List<List<String>> filters = List.of(List.of(), List.of("status"), List.of("customerId"),
                List.of("customerId", "status"), List.of("priority"), List.of("status", "priority"), List.of("engineerId"), List.of("recordedBy"), List.of("assetIds"));
        for (List<String> filter : filters) {
            assertThat(indexes.values()).as("an index for %s sorted by recordedAt", filter)
                    .anySatisfy(keys -> assertThat(List.copyOf(keys.keySet()).subList(0, Math.min(keys.size(), filter.size() + 1)))
                            .isEqualTo(concat(filter, "recordedAt")));
        }
    }

    private static List<String> concat(List<String> filter, String sort) {
        return java.util.stream.Stream.concat(filter.stream(), java.util.stream.Stream.of(sort)).toList();
    }
}
