package io.yunwei.intake.ticket;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.IfMatch;
import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.idempotency.IdempotentCreates;
import io.yunwei.intake.ticket.TicketRequests.Cancellation;
import io.yunwei.intake.ticket.TicketRequests.ContractOverrideRequest;
import io.yunwei.intake.ticket.TicketRequests.Draft;
import io.yunwei.intake.ticket.TicketRequests.NewTicket;
import io.yunwei.intake.ticket.TicketRequests.ReadBackConfirmation;
import io.yunwei.intake.ticket.TicketRequests.SlaReapplication;
import io.yunwei.intake.ticket.TicketRequests.TicketAmendment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

@RestController
@Validated
class TicketController {

    private final TicketService tickets;
    private final IdempotentCreates idempotentCreates;
    private final TicketAssessment assessment;

    TicketController(TicketService tickets, IdempotentCreates idempotentCreates, TicketAssessment assessment) {
        this.tickets = tickets;
        this.assessment = assessment;
        this.idempotentCreates = idempotentCreates;
    }

    /** Records a report; a retry with the same {@code Idempotency-Key} gets the first response again. */
    @PostMapping("/api/v1/tickets")
    @ApiResponse(responseCode = "201", content = @Content(mediaType = "application/json",
            schema = @Schema(implementation = TicketView.class)))
    @PreAuthorize("hasAnyRole('AGENT', 'CUSTOMER', 'ENGINEER', 'ADMIN')")
    ResponseEntity<byte[]> record(@RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
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

    /**
     * Assesses a report before it is recorded: its completeness by the rule recording applies, courtesy findings in
     * its texts, and the open tickets it likely repeats. Nothing is saved.
     */
    @PostMapping("/api/v1/tickets/assessment")
    @PreAuthorize("hasAnyRole('AGENT', 'CUSTOMER', 'ENGINEER', 'ADMIN')")
    TicketAssessment.Assessment assess(@Valid @RequestBody Draft draft) {
        return assessment.assess(draft, Actor.current().orElseThrow());
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
            // required by IfMatch.required (428 without it), so that the problem names the rule rather than the header
            @Parameter(required = true) @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
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

    /**
     * Lists and searches tickets ({@link TicketSearch}): {@code q} in words, filters, an order, a page or the cursor
     * a page gave out, highlights of what {@code q} matched, and counts by status and priority when asked.
     */
    @GetMapping("/api/v1/tickets")
    TicketList list(@RequestParam(required = false) List<TicketStatus> status,
            @RequestParam(required = false) String customerId, @RequestParam(required = false) String siteId,
            @RequestParam(required = false) String assetId, @RequestParam(required = false) Priority priority,
            @RequestParam(required = false) Channel channel, @RequestParam(required = false) String engineerId,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) Boolean slaBreached,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) @Size(max = 200) String recordedBy,
            @RequestParam(defaultValue = "0") @Min(0) @Max(10_000) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size,
            @RequestParam(defaultValue = "recordedAt,desc") String sort,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) List<String> facets) {
        String[] order = sortOf(sort);
        TicketSearch.Query query = new TicketSearch.Query(q, status == null ? Set.of() : Set.copyOf(status), customerId,
                siteId, assetId, priority, channel, engineerId, instant(from), instant(to), slaBreached,
                ORDERS.get(order[0]), !"asc".equalsIgnoreCase(order[1]), page, size, cursor, facetsOf(facets),
                recordedBy);
        TicketService.Listed listed = tickets.list(query, Actor.current().orElseThrow());
        TicketSearch.Hits hits = listed.hits();
        return new TicketList(listed.tickets().stream().map(TicketView::of).toList(), page, size, hits.total(),
                (int) ((hits.total() + size - 1) / size), hits.nextCursor(), hits.highlights(), hits.facets());
    }

    /**
     * A page of tickets, as every list answers ({@code content}, {@code page}, {@code size}, {@code totalElements},
     * {@code totalPages}), with the cursor of the next page ({@code nextCursor}, null after the last), the fragments
     * {@code q} matched per ticket id and field, with the matches in {@code <em>}, the rest HTML-escaped
     * ({@code highlights}), and the counts per status and priority when asked ({@code facets}).
     */
    record TicketList(List<TicketView> content, int page, int size, long totalElements, int totalPages,
            String nextCursor, Map<String, Map<String, List<String>>> highlights, Map<String, Map<String, Long>> facets) {
    }

    private static final Map<String, TicketSearch.Order> ORDERS = java.util.Arrays.stream(TicketSearch.Order.values())
            .collect(java.util.stream.Collectors.toMap(TicketSearch.Order::parameter, order -> order));

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** The order's parameter name and direction; a 400 problem naming {@code sort} when it is not one offered. */
    private static String[] sortOf(String sort) {
        String[] parts = sort.split(",");
        if (!ORDERS.containsKey(parts[0]) || parts.length > 2
                || parts.length == 2 && !parts[1].equalsIgnoreCase("asc") && !parts[1].equalsIgnoreCase("desc")) {
            throw ApiProblem.invalidField("sort", "must be one of " + ORDERS.keySet().stream().sorted().toList()
                    + ", optionally followed by ,asc or ,desc");
        }
        return new String[] {parts[0], parts.length == 2 ? parts[1] : "desc"};
    }

    private static Set<TicketSearch.Facet> facetsOf(List<String> facets) {
        if (facets == null) {
            return Set.of();
        }
        Set<TicketSearch.Facet> wanted = java.util.EnumSet.noneOf(TicketSearch.Facet.class);
        for (String facet : facets) {
            try {
                wanted.add(TicketSearch.Facet.valueOf(facet.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.invalidField("facets", "must be status, priority or both");
            }
        }
        return wanted;
    }
}
