package io.yunwei.dispatch.assignment;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.web.PageView;
import io.yunwei.dispatch.assignment.TicketDispatch.Appointment;
import io.yunwei.dispatch.assignment.TicketDispatch.DispatchStatus;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER')")
class DispatchController {

    private final DispatchCommands dispatches;
    private final DispatchQueries queries;
    private final IdempotencyKeys keys;

    DispatchController(DispatchCommands dispatches, DispatchQueries queries, IdempotencyKeys keys) {
        this.dispatches = dispatches;
        this.queries = queries;
        this.keys = keys;
    }

    @GetMapping("/api/v1/dispatches")
    List<DispatchView> list(@RequestParam(required = false) String engineerId,
            @RequestParam(required = false) DispatchStatus status,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return queries.list(engineerId, status, Actor.current().orElseThrow(), size);
    }

    /** Agents too: the caller asks who is coming, when, and why that engineer. */
    @GetMapping("/api/v1/dispatches/{id}")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN', 'ENGINEER', 'AGENT')")
    DispatchView get(@PathVariable String id) {
        return queries.visible(id, Actor.current().orElseThrow());
    }

    @PostMapping("/api/v1/dispatches/{id}/acceptance")
    @PreAuthorize("hasRole('ENGINEER')")
    DispatchView accept(@PathVariable String id) {
        return dispatches.accept(id, Actor.current().orElseThrow());
    }

    @PostMapping("/api/v1/dispatches/{id}/declination")
    @PreAuthorize("hasRole('ENGINEER')")
    DispatchView decline(@PathVariable String id, @Valid @RequestBody Declination request) {
        return dispatches.decline(id, request.reason(), Actor.current().orElseThrow());
    }

    @PostMapping("/api/v1/dispatches/{id}/reassignment")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'ADMIN')")
    ResponseEntity<DispatchView> reassign(@PathVariable String id, @Valid @RequestBody Reassignment request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return answer(dispatches.reassign(TicketDispatch.ticketOf(id), id, request.engineerId(), request.reason(),
                Actor.current().orElseThrow(), keys.of(idempotencyKey, request)));
    }

    @PostMapping("/api/v1/dispatches/{id}/contact-attempts")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'ENGINEER')")
    ResponseEntity<DispatchView> attemptContact(@PathVariable String id, @Valid @RequestBody ContactAttemptBody request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return answer(dispatches.attemptContact(id, request.at().toInstant(), request.outcome().name(), request.note(),
                Actor.current().orElseThrow(), keys.of(idempotencyKey, request)));
    }

    /** Books (or moves) the visit's window; a retry under the same {@code Idempotency-Key} books nothing again. */
    @PostMapping("/api/v1/dispatches/{id}/appointment")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'ENGINEER')")
    ResponseEntity<DispatchView> book(@PathVariable String id, @Valid @RequestBody AppointmentBody request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        Actor actor = Actor.current().orElseThrow();
        return answer(dispatches.book(id, new Appointment(request.windowStart().toInstant(),
                request.windowEnd().toInstant(), request.contactOnArrival().name(), request.contactOnArrival().phone(),
                request.preNotice(), Boolean.TRUE.equals(request.customerRequestedLater()), actor.subject(), null),
                actor, keys.of(idempotencyKey, request)));
    }

    /** The dispatcher's board of tickets waiting for a person. */
    @GetMapping("/api/v1/escalations")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'SUPERVISOR', 'ADMIN')")
    PageView<EscalationView> escalations(@RequestParam(required = false) String areaCode,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return queries.escalations(areaCode, page, size);
    }

    /** A dispatcher gives an escalated ticket to an engineer. */
    @PostMapping("/api/v1/escalations/{ticketId}/assignment")
    @PreAuthorize("hasAnyRole('DISPATCHER', 'ADMIN')")
    ResponseEntity<DispatchView> assignEscalated(@PathVariable String ticketId,
            @Valid @RequestBody Reassignment request,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        return answer(dispatches.reassign(ticketId, null, request.engineerId(), request.reason(),
                Actor.current().orElseThrow(), keys.of(idempotencyKey, request)));
    }

    private ResponseEntity<DispatchView> answer(DispatchCommands.Answer answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        if (answer.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(answer.view());
    }

    record Declination(@NotBlank @Size(max = 500) String reason) {
    }

    record Reassignment(@NotBlank @Size(max = 64) String engineerId, @NotBlank @Size(max = 500) String reason) {
    }

    enum ContactOutcome {
        REACHED, NO_ANSWER, BUSY, WRONG_NUMBER, LEFT_MESSAGE
    }

    record ContactAttemptBody(@NotNull OffsetDateTime at, @NotNull ContactOutcome outcome, @Size(max = 500) String note) {
    }

    record ContactBody(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 32) String phone) {
    }

    record AppointmentBody(@NotNull OffsetDateTime windowStart, @NotNull OffsetDateTime windowEnd,
            @NotNull @Valid ContactBody contactOnArrival, @NotBlank @Size(max = 1000) String preNotice,
            Boolean customerRequestedLater) {
    }
}
