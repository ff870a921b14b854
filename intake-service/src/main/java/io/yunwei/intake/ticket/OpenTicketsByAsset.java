package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.ConcurrentChangeException;

/**
 * Which ticket currently stands for each asset, one small document per asset keyed by the asset id, so finding a
 * duplicate report is an {@code _id} lookup instead of a scan of the tickets. A claim is only a hint: the ticket
 * it names is checked, and a claim whose ticket is closed, cancelled or was never saved is taken over with a
 * conditional write, so two instances never both take the same stale claim.
 */
@Component
class OpenTicketsByAsset {

    private static final int ATTEMPTS = 5;

    private final MongoTemplate mongo;

    OpenTicketsByAsset(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Claims every asset for {@code ticketId}, unless one of them already has a live ticket: then that ticket's id
     * is returned and the new report should be linked to it.
     */
    Optional<String> claimOrFindLive(List<String> assetIds, String ticketId, Predicate<String> live, Instant now) {
        for (String assetId : assetIds) {
            Optional<String> holder = claim(assetId, ticketId, live, now);
            if (holder.isPresent()) {
                return holder;
            }
        }
        return Optional.empty();
    }

    /** Takes a claim only if it is free or stale: reports that may not be linked still become the asset's ticket. */
    void claimIfFree(List<String> assetIds, String ticketId, Predicate<String> live, Instant now) {
        assetIds.forEach(assetId -> claim(assetId, ticketId, live, now));
    }

    Optional<String> openTicketOf(String assetId) {
        return Optional.ofNullable(mongo.findById(assetId, Claim.class)).map(Claim::ticketId);
    }

    private Optional<String> claim(String assetId, String ticketId, Predicate<String> live, Instant now) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Claim current = mongo.findById(assetId, Claim.class);
            if (current == null) {
                try {
                    mongo.insert(new Claim(assetId, ticketId, now));
                    return Optional.empty();
                } catch (DuplicateKeyException e) {
                    continue;
                }
            }
            if (current.ticketId().equals(ticketId)) {
                return Optional.empty();
            }
            if (live.test(current.ticketId())) {
                return Optional.of(current.ticketId());
            }
            long taken = mongo.updateFirst(query(where("_id").is(assetId).and("ticketId").is(current.ticketId())),
                    new Update().set("ticketId", ticketId).set("claimedAt", now), Claim.class).getMatchedCount();
            if (taken == 1) {
                return Optional.empty();
            }
        }
        throw new ConcurrentChangeException("asset_open_tickets", assetId);
    }

    @Document("asset_open_tickets")
    record Claim(@Id String assetId, String ticketId, Instant claimedAt) {
    }
}
