package io.yunwei.dispatch.dispatch;

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
 * The indexes the dispatch collection is declared with, as Spring Data resolves them from the mapping (the
 * embedded test store ignores compound indexes, so asking it would prove nothing): an engineer's work list, the
 * acceptance sweeper and the dispatcher's escalation board each start with an index on exactly their filter.
 */
class DispatchIndexesTest {

    private final Map<String, Document> indexes = declaredIndexes();

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

    private List<String> keys(String index) {
        assertThat(indexes).containsKey(index);
        return List.copyOf(indexes.get(index).keySet());
    }

    private static Map<String, Document> declaredIndexes() {
        MongoMappingContext mapping = new MongoMappingContext();
        mapping.setAutoIndexCreation(true);
        mapping.setSimpleTypeHolder(new MongoCustomConversions(List.of()).getSimpleTypeHolder());
        IndexResolver resolver = new MongoPersistentEntityIndexResolver(mapping);
        Map<String, Document> byName = new LinkedHashMap<>();
        StreamSupport.stream(resolver.resolveIndexFor(TicketDispatch.class).spliterator(), false)
                .forEach(index -> byName.put(index.getIndexOptions().getString("name"), index.getIndexKeys()));
        return byName;
    }
}
