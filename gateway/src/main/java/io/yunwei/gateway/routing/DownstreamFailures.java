package io.yunwei.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Turns a routed service that cannot be reached or whose circuit breaker is open (503), one that does not answer in
 * time (504), and a path no route serves, into problem responses instead of Boot's error page. Gateway routes are
 * handler functions, which {@code @ExceptionHandler} methods do not cover, hence a resolver.
 */
@Component
class DownstreamFailures implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DownstreamFailures.class);

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(10);

    private final Problems problems;
    private final ObjectProvider<CircuitBreakerRegistry> breakers;

    DownstreamFailures(Problems problems, ObjectProvider<CircuitBreakerRegistry> breakers) {
        this.problems = problems;
        this.breakers = breakers;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception exception) {
        if (response.isCommitted()) {
            return null;
        }
        try {
            // the circuit breaker filter wraps what went wrong in a ResponseStatusException: look at the cause
            CallNotPermittedException open = causeOf(exception, CallNotPermittedException.class);
            if (open != null) {
                writeUnavailable(request, response, circuitOpen(request, open));
                return new ModelAndView();
            }
            if (new ServiceFailures.ClientCaused().test(exception)) {
                // the client's own connection failed mid-exchange: the service is not to blame, nobody is left to tell
                log.debug("Client went away during {} {}: {}", request.getMethod(), request.getRequestURI(),
                        exception.toString());
                return new ModelAndView();
            }
            ResourceAccessException unreachable = causeOf(exception, ResourceAccessException.class);
            if (unreachable != null) {
                ProblemDetail problem = serviceUnavailable(request, unreachable);
                if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                    writeUnavailable(request, response, problem);
                } else {
                    problems.write(response, problem);
                }
                return new ModelAndView();
            }
            if (exception instanceof ErrorResponse error) {
                // no route and no other handler for the path, a method the path does not allow, and the like
                HttpStatus status = HttpStatus.resolve(error.getStatusCode().value());
                String code = status == null ? "ERROR" : status.name();
                String detail = status == HttpStatus.NOT_FOUND ? "No Yunwei API is served at this path."
                        : error.getBody().getDetail();
                ProblemDetail problem = Problems.problem(error.getStatusCode(), code, detail, request);
                error.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
                problems.write(response, problem);
                return new ModelAndView();
            }
        } catch (IOException writeFailed) {
            log.debug("Could not write the problem response for {}", request.getRequestURI(), writeFailed);
            return new ModelAndView();
        }
        return null;
    }

    /** A 503 says when to try again: once the service's breaker would let a trial call through. */
    private void writeUnavailable(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfter(service(request)).toSeconds()));
        problems.write(response, problem);
    }

    private Duration retryAfter(String service) {
        CircuitBreakerRegistry registry = breakers.getIfAvailable();
        if (registry == null) {
            return DEFAULT_RETRY_AFTER;
        }
        long millis = registry.find(service)
                .map(breaker -> breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1))
                .orElse(DEFAULT_RETRY_AFTER.toMillis());
        // whole seconds, rounded up, and never 0, which would invite an immediate retry
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    private static ProblemDetail circuitOpen(HttpServletRequest request, CallNotPermittedException open) {
        String service = service(request);
        log.debug("{} service's circuit breaker is open; refused {} {} without calling it", service,
                request.getMethod(), request.getRequestURI());
        ProblemDetail problem = Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                "The " + service + " service is failing and is given a rest; please try again shortly.", request);
        problem.setProperty(Problems.SERVICE, service);
        problem.setProperty("circuitBreaker", open.getCausingCircuitBreakerName());
        return problem;
    }

    private static ProblemDetail serviceUnavailable(HttpServletRequest request, ResourceAccessException exception) {
        String service = service(request);
        boolean timedOut = timedOut(exception);
        log.warn("{} service {} for {} {}: {}", service, timedOut ? "timed out" : "unreachable", request.getMethod(),
                request.getRequestURI(), exception.getMostSpecificCause().toString());
        ProblemDetail problem = Problems.problem(timedOut ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.SERVICE_UNAVAILABLE,
                "SERVICE_UNAVAILABLE", timedOut ? "The " + service + " service did not answer in time."
                        : "The " + service + " service cannot be reached right now; please try again shortly.",
                request);
        problem.setProperty(Problems.SERVICE, service);
        return problem;
    }

    /** The gateway names its routes, and their circuit breakers, after the services they lead to. */
    private static String service(HttpServletRequest request) {
        Object route = request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR);
        return route == null ? "unknown" : route.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable exception, Class<T> type) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static boolean timedOut(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectTimeoutException || cause instanceof ConnectException) {
                // never connected: the service is down or unreachable, not slow
                return false;
            }
            if (cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int getOrder() {
        // ahead of Spring MVC's own resolvers, which would render NoResourceFoundException without a code
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
