package io.yunwei.chassis.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal the caller can act on: an HTTP status, a stable machine-readable {@code code}, a sentence saying
 * what is wrong, and any further properties (such as the steps allowed next) for the problem document.
 */
public class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    public ApiProblem with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> properties() {
        return Map.copyOf(properties);
    }

    /** The RFC 9457 document: status, its title, the detail, the {@code code} and the further properties. */
    public ProblemDetail toProblemDetail() {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, getMessage());
        body.setProperty("code", code);
        properties.forEach(body::setProperty);
        return body;
    }
}
