package io.yunwei.chassis.web;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.ResolvableType;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.yunwei.chassis.health.StoreOutage;
import jakarta.validation.ConstraintViolationException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure into an RFC 9457 problem document with a stable {@code code}; validation failures list
 * each field error. Nothing reaches the caller as a stack trace or an HTML page.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> apiProblem(ApiProblem problem) {
        return ResponseEntity.status(problem.status()).body(problem.toProblemDetail());
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<Object> concurrentChange(OptimisticLockingFailureException e) {
        return apiProblem(new ApiProblem(HttpStatus.CONFLICT, "CONCURRENT_CHANGE",
                "Someone else changed this record at the same moment; read it again and retry."));
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> errors = e.getConstraintViolations().stream()
                .map(v -> Map.of("field", String.valueOf(v.getPropertyPath()), "message", v.getMessage())).toList();
        return apiProblem(ApiProblem.invalidFields(errors));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e) {
        // a repeatable parameter (status=OPEN,ASSIGNED) names the type of its elements
        ResolvableType type = ResolvableType.forMethodParameter(e.getParameter());
        Class<?> expected = type.isArray() || type.asCollection() != ResolvableType.NONE
                ? type.isArray() ? type.getComponentType().resolve() : type.asCollection().resolveGeneric()
                : type.resolve();
        return apiProblem(ApiProblem.invalidField(e.getName(), Expected.message(expected)));
    }

    /**
     * A multipart body that cannot be parsed (no boundary, truncated parts) is the caller's mistake; one over the
     * upload cap is answered by the inherited handler with 413.
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> malformedMultipart(MultipartException e) {
        return apiProblem(new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_MULTIPART",
                "The multipart body cannot be read; send multipart/form-data with a boundary and complete parts."));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> accessDenied(AccessDeniedException e) {
        return apiProblem(new ApiProblem(HttpStatus.FORBIDDEN, "FORBIDDEN", "Your role may not do this."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        if (StoreOutage.causedBy(e)) {
            log.warn("The store did not answer: {}", e.toString());
            ApiProblem unavailable = new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "STORE_UNAVAILABLE",
                    "The service could not reach its store in time, so the request may not have been applied. Try"
                            + " again shortly (with the same Idempotency-Key, for a creation).");
            return ResponseEntity.status(unavailable.status()).header(HttpHeaders.RETRY_AFTER, "5")
                    .body(unavailable.toProblemDetail());
        }
        log.error("Unexpected failure", e);
        return apiProblem(new ApiProblem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The request could not be completed; nothing was changed by it."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getAllErrors().stream()
                .map(error -> Map.of("field", error instanceof FieldError f ? f.getField() : error.getObjectName(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        return apiProblem(ApiProblem.invalidFields(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> Map.of("field", result.getMethodParameter().getParameterName() == null ? "?"
                                : result.getMethodParameter().getParameterName(),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return apiProblem(ApiProblem.invalidFields(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (e.getCause() instanceof UnrecognizedPropertyException unknown) {
            return apiProblem(new ApiProblem(HttpStatus.BAD_REQUEST, "UNKNOWN_FIELD",
                    "The request has a field this operation does not accept: " + unknown.getPropertyName() + ".")
                    .with("errors", List.of(Map.of("field", unknown.getPropertyName(), "message", "is not accepted"))));
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return apiProblem(tooLarge);
            }
        }
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = fieldOf(mismatch);
            return apiProblem(ApiProblem.invalidField(field, Expected.message(mismatch.getTargetType())));
        }
        return apiProblem(new ApiProblem(HttpStatus.BAD_REQUEST, "MALFORMED_BODY",
                "The request body is not valid JSON of the expected shape."));
    }

    /** Every problem Spring MVC itself answers (415, 405, 406, …) gets a {@code code} too. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        if (body instanceof ProblemDetail detail
                && (detail.getProperties() == null || !detail.getProperties().containsKey("code"))) {
            detail.setProperty("code", codeFor(status));
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    /** The JSON path of the offending value, e.g. {@code how.urgency} or {@code assetIds[0]}. */
    private static String fieldOf(MismatchedInputException mismatch) {
        StringBuilder path = new StringBuilder();
        mismatch.getPath().forEach(reference -> {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        });
        return path.toString();
    }

    private static String codeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "HTTP_" + status.value() : known.name();
    }
}
