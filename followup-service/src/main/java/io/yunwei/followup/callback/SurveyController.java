package io.yunwei.followup.callback;

import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.security.Actor;
import io.yunwei.followup.callback.FollowupService.Recorded;
import io.yunwei.followup.callback.FollowupService.TaskView;
import io.yunwei.followup.ticket.TicketFollowup.CallbackOutcome;
import io.yunwei.followup.ticket.TicketFollowup.Recorder;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The satisfaction survey answered by the customer (in the portal) rather than on the call centre's callback. */
@RestController
@Validated
class SurveyController {

    private final FollowupService followups;
    private final IdempotencyKeys keys;

    SurveyController(FollowupService followups, IdempotencyKeys keys) {
        this.followups = followups;
        this.keys = keys;
    }

    @PostMapping("/api/v1/surveys/{ticketId}")
    @PreAuthorize("hasRole('CUSTOMER')")
    ResponseEntity<TaskView> answer(@PathVariable @Size(max = 100) String ticketId,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @Valid @RequestBody SurveyAnswer body) {
        Actor actor = Actor.current().orElseThrow();
        Recorded recorded = followups.answerSurvey(ticketId, actor.customerId(),
                new CallbackOutcome(true, body.satisfaction(), body.resolvedConfirmed(), body.comment()),
                new Recorder(actor.subject(), null), keys.of(idempotencyKey, body));
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (recorded.replayed()) {
            keys.replayed();
            response.header(IdempotencyKeys.REPLAYED, "true");
        }
        return response.body(recorded.view());
    }

    /** {@code resolvedConfirmed} false says the fault is back: the ticket reopens, as on a callback. */
    record SurveyAnswer(@NotNull @Min(1) @Max(5) Integer satisfaction, @NotNull Boolean resolvedConfirmed,
            @Size(max = 2000) String comment) {
    }
}
