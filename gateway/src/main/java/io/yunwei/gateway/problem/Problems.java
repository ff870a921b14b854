package io.yunwei.gateway.problem;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code application/problem+json} straight to the servlet response, for refusals and failures that happen
 * in filters and exception resolvers where no message converter is in play.
 */
@Component
public final class Problems {

    public static final String CODE = "code";
    /** Which service a failure concerns, named like its gateway route. */
    public static final String SERVICE = "service";

    private final JsonMapper json;

    Problems(JsonMapper json) {
        this.json = json;
    }

    public static ProblemDetail problem(HttpStatusCode status, String code, String detail, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        instance(request).ifPresent(problem::setInstance);
        problem.setProperty(CODE, code);
        return problem;
    }

    private static Optional<URI> instance(HttpServletRequest request) {
        try {
            return Optional.of(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException unparseable) {
            // a path odd enough to break URI parsing must not stop the caller from getting the problem itself
            return Optional.empty();
        }
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // Boot's JsonMapper carries the ProblemDetail mixin, so extra properties such as "code" land at the top level.
        json.writeValue(response.getOutputStream(), problem);
    }
}
