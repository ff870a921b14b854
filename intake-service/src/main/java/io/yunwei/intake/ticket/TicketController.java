package io.yunwei.intake.ticket;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.PageView;
import io.yunwei.intake.ticket.TicketRequests.NewTicket;
import io.yunwei.intake.ticket.TicketRequests.ReadBackConfirmation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

@RestController
@Validated
class TicketController {

    private static final Set<String> SORTABLE = Set.of("recordedAt", "number", "priority", "status");

    private final TicketService tickets;

    TicketController(TicketService tickets) {
        this.tickets = tickets;
    }

    @PostMapping("/api/v1/tickets")
    @PreAuthorize("hasAnyRole('AGENT', 'CUSTOMER', 'ENGINEER', 'ADMIN')")
    ResponseEntity<TicketView> record(@Valid @RequestBody NewTicket request) {
        Actor actor = Actor.current().orElseThrow();
        if (request.channel() == Channel.INSPECTION && !actor.hasRole("ENGINEER") && !actor.hasRole("AGENT")) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only engineers and agents report inspection findings.");
        }
        Ticket ticket = tickets.record(request.channel(), request.customerId(), request.siteId(),
                request.assetIds() == null ? List.of() : request.assetIds(), request.callId(), request.reporterOrNull(),
                request.fault(), actor);
        return ResponseEntity.created(java.net.URI.create("/api/v1/tickets/" + ticket.id())).body(TicketView.of(ticket));
    }

    @PostMapping("/api/v1/tickets/{id}/read-back")
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    TicketView confirmReadBack(@PathVariable String id, @Valid @RequestBody ReadBackConfirmation request) {
        return TicketView.of(tickets.confirmReadBack(id, request.confirmedBy(), request.summaryReadBack(),
                Actor.current().orElseThrow()));
    }

    @GetMapping("/api/v1/tickets/{id}")
    ResponseEntity<TicketView> get(@PathVariable String id) {
        Ticket ticket = tickets.visible(id, Actor.current().orElseThrow());
        return ResponseEntity.ok().eTag(String.valueOf(ticket.version())).body(TicketView.of(ticket));
    }

    @GetMapping("/api/v1/tickets/{id}/timeline")
    List<TimelineEntry> timeline(@PathVariable String id) {
        return tickets.visible(id, Actor.current().orElseThrow()).timeline();
    }

    @GetMapping("/api/v1/tickets")
    PageView<TicketView> list(@RequestParam(required = false) TicketStatus status,
            @RequestParam(required = false) String customerId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            @RequestParam(defaultValue = "recordedAt,desc") String sort) {
        return PageView.of(tickets.list(status, customerId, instant(from), instant(to), Actor.current().orElseThrow(),
                PageRequest.of(page, size, sortOf(sort))).map(TicketView::of));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static Sort sortOf(String sort) {
        String[] parts = sort.split(",");
        if (!SORTABLE.contains(parts[0]) || parts.length > 2
                || parts.length == 2 && !parts[1].equalsIgnoreCase("asc") && !parts[1].equalsIgnoreCase("desc")) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                    .with("errors", List.of(java.util.Map.of("field", "sort", "message",
                            "must be one of " + SORTABLE + ", optionally followed by ,asc or ,desc")));
        }
        Sort.Direction direction = parts.length == 2 && parts[1].equalsIgnoreCase("asc") ? Sort.Direction.ASC
                : Sort.Direction.DESC;
        return Sort.by(direction, parts[0]);
    }
}
