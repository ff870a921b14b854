package io.yunwei.chassis.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A refusal the caller can act on: an HTTP status, a stable machine-readable {@code code}, a sentence saying
 * what is wrong, and any further properties (such as the steps allowed next) for the problem document.
 */
public class ApiProblem extends RuntimeException {

    private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "instance");

    private final HttpStatus status;
    private final String code;
    private final Map<String, Object> properties = new LinkedHashMap<>();

    public ApiProblem(HttpStatus status, String code, String detail) {
        super(detail);
        this.status = status;
        this.code = code;
    }

    /** A 400 {@code VALIDATION_FAILED} problem naming one field of the request and what is wrong with it. */
    public static ApiProblem invalidField(String field, String message) {
        return invalidFields(List.of(Map.of("field", field, "message", message)));
    }

    /** A 400 {@code VALIDATION_FAILED} problem naming each invalid field ({@code field} and {@code message}). */
    public static ApiProblem invalidFields(List<Map<String, String>> errors) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", "The request has invalid fields.")
                .with("errors", errors);
    }

    /**
     * Adds a property to the problem document; RFC 9457's own members ({@code type}, {@code title}, {@code status},
     * {@code detail}, {@code instance}) cannot be named, so a document never carries one of them twice.
     */
    public ApiProblem with(String name, Object value) {
        if (STANDARD_MEMBERS.contains(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is a member of every problem document; name the"
                    + " property otherwise (a record's state: currentStatus)");
        }
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
