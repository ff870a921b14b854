package io.yunwei.field.visit;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** A rule of conduct on site that the request would break, named by its code. */
class VisitRuleException extends ApiProblem {

    VisitRuleException(String code, String detail) {
        super(HttpStatus.CONFLICT, code, detail);
    }
}
