package io.yunwei.chassis.web;

import org.springframework.http.HttpStatus;

/** The request body is over this service's size cap. */
public class BodyTooLargeException extends ApiProblem {

    public BodyTooLargeException(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, "BODY_TOO_LARGE", "The request body is larger than " + limit + " bytes.");
        with("maxBytes", limit);
    }
}
