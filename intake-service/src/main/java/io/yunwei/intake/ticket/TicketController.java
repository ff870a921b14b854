package io.yunwei.intake.ticket;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.web.PageView;
import io.yunwei.intake.idempotency.IdempotentCreates;
import io.yunwei.intake.ticket.TicketRequests.Cancellation;
import io.yunwei.intake.ticket.TicketRequests.ContractOverrideRequest;
import io.yunwei.intake.ticket.TicketRequests.NewTicket;
import io.yunwei.intake.ticket.TicketRequests.ReadBackConfirmation;
import io.yunwei.intake.ticket.TicketRequests.SlaReapplication;
import io.yunwei.intake.ticket.TicketRequests.TicketAmendment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

@RestController
@Validated
class TicketController {

    private static final Set<String> SORTABLE = Set.of("recordedAt", "number", "priority", "status");

    private final TicketService tickets;
    private final IdempotentCreates idempotentCreates;

    TicketController(TicketService tickets, IdempotentCreates idempotentCreates) {
        this.tickets = tickets;
        this.idempotentCreates = idempotentCreates;
    }

    /** Records a report; a retry with the same {@code Idempotency-Key} gets the first response again. */
    @PostMapping("/api/v1/tickets")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = TicketView.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'CUSTOMER', 'ENGINEER', 'ADMIN')")
    ResponseEntity<byte[]> record(@RequestHeader(name = IdempotentCreates.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody NewTicket request) {
        Actor actor = Actor.current().orElseThrow();
        if (request.channel() == Channel.INSPECTION && !actor.hasRole("ENGINEER") && !actor.hasRole("AGENT")) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Only engineers and agents report inspection findings.");
        }
        return idempotentCreates.respond(idempotencyKey, request,
                id -> created(tickets.record(id, request.channel(), request.customerId(), request.siteId(),
                        request.assetIds() == null ? List.of() : request.assetIds(), request.callId(),
                        request.reporterOrNull(), request.fault(), actor)),
                id -> tickets.find(id).map(TicketController::created));
    }

    private static ResponseEntity<TicketView> created(Ticket ticket) {
        return ResponseEntity.created(URI.create("/api/v1/tickets/" + ticket.id()))
                .eTag(IfMatch.etag(ticket.version())).body(TicketView.of(ticket));
    }

    @PostMapping("/api/v1/tickets/{id}/read-back")
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    TicketView confirmReadBack(@PathVariable String id, @Valid @RequestBody ReadBackConfirmation request) {
        return TicketView.of(tickets.confirmReadBack(id, request.confirmedBy(), request.summaryReadBack(),
                Actor.current().orElseThrow()));
    }

    /** Amends the record; {@code If-Match} carries the ETag the caller read, so two agents never overwrite each other. */
    @PatchMapping("/api/v1/tickets/{id}")
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    ResponseEntity<TicketView> amend(@PathVariable String id,
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @Valid @RequestBody TicketAmendment request) {
        Ticket ticket = tickets.amend(id, IfMatch.of(ifMatch).required("ticket"), request, Actor.current().orElseThrow());
        return ResponseEntity.ok().eTag(IfMatch.etag(ticket.version())).body(TicketView.of(ticket));
    }

    @PostMapping("/api/v1/tickets/{id}/cancellation")
    @PreAuthorize("hasAnyRole('AGENT', 'CUSTOMER', 'ADMIN')")
    TicketView cancel(@PathVariable String id, @Valid @RequestBody Cancellation request) {
        return TicketView.of(tickets.cancel(id, request.reason(), Actor.current().orElseThrow()));
    }

    @PostMapping("/api/v1/tickets/{id}/contract-override")
    @PreAuthorize("hasAnyRole('AGENT', 'ADMIN')")
    TicketView overrideContract(@PathVariable String id, @Valid @RequestBody ContractOverrideRequest request) {
        return TicketView.of(tickets.overrideContract(id, request.reason(), Actor.current().orElseThrow()));
    }

    @PostMapping("/api/v1/tickets/{id}/sla-reapplication")
    @PreAuthorize("hasAnyRole('SUPERVISOR', 'ADMIN')")
    TicketView reapplySla(@PathVariable String id, @Valid @RequestBody SlaReapplication request) {
        return TicketView.of(tickets.reapplySla(id, request.reason(), Actor.current().orElseThrow()));
    }

    @GetMapping("/api/v1/tickets/{id}")
    ResponseEntity<TicketView> get(@PathVariable String id) {
        Ticket ticket = tickets.visible(id, Actor.current().orElseThrow());
        return ResponseEntity.ok().eTag(IfMatch.etag(ticket.version())).body(TicketView.of(ticket));
    }

    @GetMapping("/api/v1/tickets/{id}/timeline")
    List<TimelineEntry> timeline(@PathVariable String id) {
        return tickets.visible(id, Actor.current().orElseThrow()).timeline();
    }

    @GetMapping("/api/v1/tickets")
    PageView<TicketView> list(@RequestParam(required = false) TicketStatus status,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) Priority priority,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) @Pattern(regexp = "^[A-Za-z0-9-]{1,32}$") String q,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            @RequestParam(defaultValue = "recordedAt,desc") String sort) {
        return PageView.of(tickets.list(status, customerId, priority, instant(from), instant(to), q, Actor.current().orElseThrow(),
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
                    .with("errors", List.of(Map.of("field", "sort", "message",
                            "must be one of " + SORTABLE + ", optionally followed by ,asc or ,desc")));
        }
        Sort.Direction direction = parts.length == 2 && parts[1].equalsIgnoreCase("asc") ? Sort.Direction.ASC
                : Sort.Direction.DESC;
        return Sort.by(direction, parts[0]);
    }
}
