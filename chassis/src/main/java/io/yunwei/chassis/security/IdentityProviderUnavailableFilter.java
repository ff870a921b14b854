package io.yunwei.chassis.security;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.web.filter.OncePerRequestFilter;

import io.yunwei.chassis.web.ApiProblem;
import io.yunwei.chassis.web.ProblemWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A token that cannot be checked because the issuer's keys cannot be fetched is neither valid nor invalid: the
 * caller gets a 503 problem to retry, instead of the 500 Spring Security's resource server would give.
 */
final class IdentityProviderUnavailableFilter extends OncePerRequestFilter {

    private final ProblemWriter problems;

    IdentityProviderUnavailableFilter(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (AuthenticationServiceException e) {
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            response.setHeader("Retry-After", "5");
            problems.write(response, new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "IDENTITY_PROVIDER_UNAVAILABLE",
                    "The token cannot be checked right now because the identity provider cannot be reached; retry shortly."));
        }
    }
}
