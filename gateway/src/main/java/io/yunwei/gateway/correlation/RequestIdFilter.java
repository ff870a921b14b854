package io.yunwei.gateway.correlation;

import java.io.IOException;

import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import io.yunwei.chassis.events.Correlation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request an {@code X-Request-Id}: the caller's own if it is a sane token, a fresh UUID otherwise (the
 * services' rule, {@link Correlation#accept}), echoes it on the response and keeps it in the logging context while
 * the request is handled. Runs before security so refusals carry the id too.
 */
@Component
class RequestIdFilter extends OncePerRequestFilter implements Ordered {

    static final String HEADER = Correlation.HTTP_HEADER;
    static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = Correlation.accept(request.getHeader(HEADER));
        request.setAttribute(ATTRIBUTE, id);
        response.setHeader(HEADER, id);
        Correlation.set(id);
        try {
            chain.doFilter(request, response);
        } finally {
            Correlation.clear();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
