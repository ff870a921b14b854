package io.yunwei.intake.customer;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** A rule about customers and their equipment that the request would break. */
class CustomerRuleException extends ApiProblem {

    CustomerRuleException(String code, String detail) {
        super(HttpStatus.CONFLICT, code, detail);
    }
}
