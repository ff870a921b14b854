package io.yunwei.dispatch.dispatch;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** A dispatch rule the request would break, named by its code. */
class DispatchRuleException extends ApiProblem {

    DispatchRuleException(String code, String detail) {
        super(HttpStatus.CONFLICT, code, detail);
    }
}
