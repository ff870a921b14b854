package io.yunwei.gateway.routing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.server.mvc.common.MvcUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import io.yunwei.gateway.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Turns a routed service that cannot be reached (503) or does not answer in time (504), and a path no route serves,
 * into problem responses instead of Boot's error page. Gateway routes are handler functions, which
 * {@code @ExceptionHandler} methods do not cover, hence a resolver.
 */
@Component
class DownstreamFailures implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(DownstreamFailures.class);

    private final Problems problems;

    DownstreamFailures(Problems problems) {
        this.problems = problems;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception exception) {
        if (response.isCommitted()) {
            return null;
        }
        try {
            if (exception instanceof ResourceAccessException unreachable) {
                problems.write(response, serviceUnavailable(request, unreachable));
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

    private static ProblemDetail serviceUnavailable(HttpServletRequest request, ResourceAccessException exception) {
        // the gateway names its routes after the services they lead to
        Object route = request.getAttribute(MvcUtils.GATEWAY_ROUTE_ID_ATTR);
        String service = route == null ? "unknown" : route.toString();
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

    private static boolean timedOut(Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                // never connected: the service is down or unreachable, not slow
                return false;
            }
            if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
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
