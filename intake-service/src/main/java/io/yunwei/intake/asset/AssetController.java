package io.yunwei.intake.asset;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.outbox.DocumentNotFoundException;
import io.yunwei.chassis.security.Actor;
import io.yunwei.intake.customer.Asset;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.AssetTickets;
import io.yunwei.intake.ticket.AssetTickets.TicketSummary;

@RestController
class AssetController {

    private final CustomerDirectory directory;
    private final AssetTickets tickets;

    AssetController(CustomerDirectory directory, AssetTickets tickets) {
        this.directory = directory;
        this.tickets = tickets;
    }

    /** The asset with its ticket history, newest first, and the ticket a new report about it would be linked to. */
    @GetMapping("/api/v1/assets/{id}")
    @PreAuthorize("hasAnyRole('AGENT', 'DISPATCHER', 'SUPERVISOR', 'ADMIN', 'CUSTOMER', 'ENGINEER')")
    AssetView asset(@PathVariable String id) {
        Actor actor = Actor.current().orElseThrow();
        Asset asset = directory.asset(id)
                .filter(a -> !actor.hasRole("CUSTOMER") || a.customerId().equals(actor.customerId()))
                .orElseThrow(() -> new DocumentNotFoundException(Asset.class, id));
        return new AssetView(asset.id(), asset.customerId(), asset.siteId(), asset.category(), asset.model(),
                asset.serialNumber(), asset.location(), asset.attributes(), asset.createdAt(), asset.updatedAt(),
                tickets.openTicketOf(id).orElse(null), tickets.historyOf(id));
    }

    record AssetView(String id, String customerId, String siteId, String category, String model, String serialNumber,
            String location, Map<String, String> attributes, Instant createdAt, Instant updatedAt, String openTicketId,
            List<TicketSummary> tickets) {
    }
}
