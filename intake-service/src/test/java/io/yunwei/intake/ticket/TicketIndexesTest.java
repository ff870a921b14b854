package io.yunwei.intake.ticket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.yunwei.chassis.testkit.DeclaredIndexes;

/**
 * Lists the indexes the tickets collection is declared with, as Spring Data resolves them from the mapping: the
 * ticket number, the SLA sweep's next check and an asset's history. Lists and searches answer from the search index,
 * so none is declared for them, and the ones earlier versions declared for them are dropped ({@link RetiredTicketIndexes}).
 */
class TicketIndexesTest {

    private final Map<String, Document> indexes = DeclaredIndexes.of(Ticket.class);

    @Test
    void declaresTheIndexesTheSweepAndTheAssetHistoryUse() {
        assertThat(indexes).containsOnlyKeys("number", "asset_recorded", "sla_next_check");
        assertThat(indexes.get("number")).isEqualTo(new Document("number", 1));
        assertThat(indexes.get("sla_next_check")).isEqualTo(new Document("slaNextCheckAt", 1));
        assertThat(indexes.get("asset_recorded")).isEqualTo(new Document("assetIds", 1).append("recordedAt", -1));
        assertThat(RetiredTicketIndexes.NAMES).doesNotContainAnyElementsOf(indexes.keySet());
    }
}
