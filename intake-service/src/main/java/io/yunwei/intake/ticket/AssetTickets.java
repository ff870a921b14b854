package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.DocumentStore;

/** The tickets of one asset, newest first, read through the {@code asset_recorded} index. */
@Component
public class AssetTickets {

    static final int HISTORY_LIMIT = 100;

    private final MongoTemplate mongo;
    private final DocumentStore store;
    private final OpenTicketsByAsset claims;

    AssetTickets(MongoTemplate mongo, DocumentStore store, OpenTicketsByAsset claims) {
        this.mongo = mongo;
        this.store = store;
        this.claims = claims;
    }

    public List<TicketSummary> historyOf(String assetId) {
        return mongo.find(query(where("assetIds").is(assetId)).with(Sort.by(Sort.Direction.DESC, "recordedAt"))
                .limit(HISTORY_LIMIT), Ticket.class).stream().map(TicketSummary::of).toList();
    }

    /** The ticket a new report about this asset would be linked to, if any. */
    public Optional<String> openTicketOf(String assetId) {
        return claims.openTicketOf(assetId)
                .filter(id -> store.find(Ticket.class, id).map(Ticket::stillOpenForDuplicates).orElse(false));
    }

    public record TicketSummary(String id, String number, Channel channel, TicketStatus status, String symptom,
            String duplicateOf, Instant recordedAt, Instant closedAt) {

        static TicketSummary of(Ticket t) {
            return new TicketSummary(t.id(), t.number(), t.channel(), t.status(),
                    t.fault().what() == null ? null : t.fault().what().symptom(), t.duplicateOf(), t.recordedAt(),
                    t.closedAt());
        }
    }
}
