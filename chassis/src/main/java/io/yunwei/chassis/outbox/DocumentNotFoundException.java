package io.yunwei.chassis.outbox;

import org.springframework.http.HttpStatus;

import io.yunwei.chassis.web.ApiProblem;

/** The document asked for does not exist (or is not the caller's to see). */
public class DocumentNotFoundException extends ApiProblem {

    public DocumentNotFoundException(Class<?> type, String id) {
        super(HttpStatus.NOT_FOUND, "NOT_FOUND", "No " + type.getSimpleName().toLowerCase() + " with id " + id + ".");
    }
}
