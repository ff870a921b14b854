package io.yunwei.intake.ticket;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** The ticket's status does not allow what was asked; the problem names what may come next. */
public class IllegalTransitionException extends ApiProblem {

    public IllegalTransitionException(String action, TicketStatus current) {
        super(HttpStatus.CONFLICT, "ILLEGAL_TRANSITION",
                "A ticket in status " + current + " cannot be " + action + ".");
        with("currentStatus", current).with("allowedNext", current.next());
    }
}
