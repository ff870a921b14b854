package io.yunwei.chassis.web;

import org.springframework.http.HttpStatus;

/**
 * A domain rule the request would break, named by its {@code code}: answered 409, as the state of the record, not
 * the request's shape, is what stands in the way.
 */
public class RuleViolation extends ApiProblem {

    public RuleViolation(String code, String detail) {
        super(HttpStatus.CONFLICT, code, detail);
    }
}
