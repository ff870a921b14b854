package io.yunwei.intake.ticket;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** A ticket rule the request would break, named by its code. */
public class TicketRuleException extends ApiProblem {

    public TicketRuleException(String code, String detail) {
        super(HttpStatus.CONFLICT, code, detail);
    }
}
