package io.yunwei.chassis.web;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import io.yunwei.chassis.events.Correlation;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Takes the request id from the gateway (or makes one) for the logs and the events this request raises. */
public class RequestIdFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = Correlation.accept(request.getHeader(Correlation.HTTP_HEADER));
        Correlation.set(requestId);
        response.setHeader(Correlation.HTTP_HEADER, requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            Correlation.clear();
        }
    }
}
