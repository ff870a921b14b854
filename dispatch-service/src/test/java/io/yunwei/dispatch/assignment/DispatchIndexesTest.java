package io.yunwei.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.junit.jupiter.api.Test;

import io.yunwei.chassis.testkit.DeclaredIndexes;

/**
 * The indexes the dispatch collection is declared with, as Spring Data resolves them from the mapping (the
 * embedded test store ignores compound indexes, so asking it would prove nothing): an engineer's work list, the
 * acceptance sweeper, the dispatcher's escalation board and the planner's look for overrunning visits each start with an index on exactly their filter.
 */
class DispatchIndexesTest {

    private final Map<String, Document> indexes = DeclaredIndexes.of(TicketDispatch.class);

    @Test
    void servesTheEngineersWorkListFromAnIndex() {
        assertThat(keys("engineer_status")).containsExactly("dispatches.engineerId", "dispatches.status");
    }

    @Test
    void servesTheAcceptanceSweeperFromAnIndex() {
        assertThat(keys("status_accept_by")).containsExactly("dispatches.status", "dispatches.acceptBy");
    }

    @Test
    void servesTheEscalationBoardWithAndWithoutAnAreaInItsSortOrder() {
        assertThat(keys("escalation_board")).containsExactly("escalated", "escalatedAt", "_id");
        assertThat(keys("area_escalation_board")).containsExactly("escalated", "areaCode", "escalatedAt", "_id");
    }

    @Test
    void findsVisitsPastTheirPlannedEndFromAnIndex() {
        assertThat(keys("on_site_since")).containsExactly("onSite.since");
    }

    private List<String> keys(String index) {
        assertThat(indexes).containsKey(index);
        return List.copyOf(indexes.get(index).keySet());
    }
}
