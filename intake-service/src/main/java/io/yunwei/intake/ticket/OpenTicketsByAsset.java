package io.yunwei.intake.ticket;

import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

import io.yunwei.chassis.outbox.ConcurrentChangeException;
import io.yunwei.chassis.outbox.DocumentStore;

/**
 * Which ticket currently stands for each asset: one small document per asset keyed by the asset id. The store's
 * unique {@code _id} makes claiming race-free without transactions: of two reports claiming a free asset at once,
 * exactly one insert succeeds, and the other finds the winner's claim and is linked to it. A claim is taken before
 * its ticket is saved, so a claim whose ticket is not in the store yet counts as live for a short grace time; it
 * is released when its ticket closes or is cancelled (or its recording fails). A claim left behind by a crash or
 * a lost release, whose ticket is closed, cancelled, linked or was never saved, is taken over with a write
 * conditional on the ticket it names, so two reports never both take the same stale claim.
 */
@Component
class OpenTicketsByAsset {

    private static final int ATTEMPTS = 5;
    /** Longer than any recording takes between claiming and saving the ticket. */
    private static final Duration PENDING_GRACE = Duration.ofMinutes(1);

    private final MongoTemplate mongo;
    private final DocumentStore store;

    OpenTicketsByAsset(MongoTemplate mongo, DocumentStore store) {
        this.mongo = mongo;
        this.store = store;
    }

    /**
     * Claims every asset for {@code ticketId}, unless one of them already has a live ticket: then that ticket's id
     * is returned, the claims taken so far are given back, and the new report should be linked to it.
     */
    Optional<String> claimOrFindLive(List<String> assetIds, String ticketId, Instant now) {
        List<String> claimed = new ArrayList<>();
        for (String assetId : assetIds) {
            Optional<String> holder = claim(assetId, ticketId, now);
            if (holder.isPresent()) {
                release(claimed, ticketId);
                return holder;
            }
            claimed.add(assetId);
        }
        return Optional.empty();
    }

    /** Takes a claim only if it is free or stale: reports that may not be linked still become the asset's ticket. */
    void claimIfFree(List<String> assetIds, String ticketId, Instant now) {
        assetIds.forEach(assetId -> claim(assetId, ticketId, now));
    }

    /** Gives back the claims {@code ticketId} holds on these assets; claims others took over stay. */
    void release(List<String> assetIds, String ticketId) {
        if (!assetIds.isEmpty()) {
            mongo.remove(query(where("_id").in(assetIds).and("ticketId").is(ticketId)), Claim.class);
        }
    }

    Optional<String> openTicketOf(String assetId) {
        return Optional.ofNullable(mongo.findById(assetId, Claim.class)).map(Claim::ticketId);
    }

    private Optional<String> claim(String assetId, String ticketId, Instant now) {
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
            if (live(current, now)) {
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

    private boolean live(Claim claim, Instant now) {
        return store.find(Ticket.class, claim.ticketId()).map(Ticket::stillOpenForDuplicates)
                .orElseGet(() -> now.isBefore(claim.claimedAt().plus(PENDING_GRACE)));
    }

    @Document("asset_open_tickets")
    record Claim(@Id String assetId, String ticketId, Instant claimedAt) {
    }
}
