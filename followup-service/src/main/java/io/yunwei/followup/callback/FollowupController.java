package io.yunwei.followup.callback;

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
import io.yunwei.followup.callback.FollowupService.Recorded;
import io.yunwei.followup.callback.FollowupService.TaskView;
import io.yunwei.followup.callback.FollowupService.WorklistStatus;
import io.yunwei.followup.ticket.TicketFollowup.CallbackOutcome;
import io.yunwei.followup.ticket.TicketFollowup.Recorder;
import io.yunwei.followup.ticket.TicketFollowup.RevisitResult;
import io.yunwei.followup.ticket.TicketFollowup;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

@RestController
@Validated
@PreAuthorize("hasAnyRole('AGENT', 'SUPERVISOR', 'ADMIN')")
class FollowupController {

    private final FollowupService followups;
    private final IdempotencyKeys keys;

    FollowupController(FollowupService followups, IdempotencyKeys keys) {
        this.followups = followups;
        this.keys = keys;
    }

    @GetMapping("/api/v1/callbacks")
    List<TaskView> callbacks(@RequestParam(required = false) WorklistStatus status,
            @RequestParam(required = false) @Size(max = 100) String ticketId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return followups.callbacks(status, ticketId, size);
    }

    @GetMapping("/api/v1/revisits")
    List<TaskView> revisits(@RequestParam(required = false) WorklistStatus status,
            @RequestParam(required = false) @Size(max = 100) String ticketId,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int size) {
        return followups.revisits(status, ticketId, size);
    }

    /** Callbacks are the call centre's work. */
    @PostMapping("/api/v1/callbacks/{id}/outcome")
    @PreAuthorize("hasRole('AGENT')")
    ResponseEntity<TaskView> callbackOutcome(@PathVariable @Size(max = 120) String id,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody CallbackOutcomeRequest body) {
        return answer(followups.recordCallback(id,
                new CallbackOutcome(body.reached(), body.satisfaction(), body.resolvedConfirmed(), body.comment()),
                recorder(), keys.of(idempotencyKey, body)));
    }

    @PostMapping("/api/v1/revisits/{id}/outcome")
    @PreAuthorize("hasRole('AGENT')")
    ResponseEntity<TaskView> revisitOutcome(@PathVariable @Size(max = 120) String id,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody RevisitOutcomeRequest body) {
        RevisitResult result = body.faultRecurred() ? RevisitResult.RECURRED
                : Boolean.TRUE.equals(body.inspectionRequested()) ? RevisitResult.INSPECTION_REQUESTED
                : RevisitResult.STABLE;
        return answer(followups.recordRevisit(id, result, body.note(), recorder(), keys.of(idempotencyKey, body)));
    }

    private ResponseEntity<TaskView> answer(Recorded recorded) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (recorded.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(recorded.view());
    }

    private static Recorder recorder() {
        Actor actor = Actor.current().orElseThrow();
        return new Recorder(actor.subject(), actor.engineerId());
    }

    /** {@code satisfaction} and {@code resolvedConfirmed} are required when the customer was reached. */
    record CallbackOutcomeRequest(@NotNull Boolean reached, @Min(1) @Max(5) Integer satisfaction,
            Boolean resolvedConfirmed, @Size(max = 2000) String comment) {
    }

    /** Neither recurred nor an inspection asked for means the fix is stable. */
    record RevisitOutcomeRequest(@NotNull Boolean faultRecurred, Boolean inspectionRequested,
            @Size(max = 2000) String note) {
    }
}
