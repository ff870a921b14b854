package io.yunwei.gateway.console;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.util.matcher.RequestHeaderRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A page's htmx request (a fragment renewed as the agent types, a status followed every few seconds) made after the
 * session ended must not be answered with the sign-in page, which htmx would paste into the fragment. It is answered
 * 401 with {@code HX-Redirect} to the page it came from, so the whole page goes through sign-in and comes back. A form
 * whose CSRF token died with the session is the same case.
 */
final class SessionEnded {

    /** The requests htmx sends: they carry {@code HX-Request: true}. */
    static final RequestMatcher HTMX = new RequestHeaderRequestMatcher("HX-Request", "true");

    private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

    private SessionEnded() {
    }

    /** Signing in again: the page itself for an htmx request, the sign-in page for any other. */
    static AuthenticationEntryPoint entryPoint(String signInPage) {
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(signInPage);
        return (request, response, e) -> {
            if (HTMX.matches(request)) {
                signInAgain(request, response);
            } else {
                signIn.commence(request, response, e);
            }
        };
    }

    /** Another role's page is still 403; a stale CSRF token or no session at all on an htmx request signs in again. */
    static AccessDeniedHandler accessDenied(String forbiddenPage) {
        AccessDeniedHandlerImpl forbidden = new AccessDeniedHandlerImpl();
        forbidden.setErrorPage(forbiddenPage);
        return (HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) -> {
            boolean signedOut = TRUST.isAnonymous(SecurityContextHolder.getContext().getAuthentication());
            if (HTMX.matches(request) && (e instanceof CsrfException || signedOut)) {
                signInAgain(request, response);
            } else {
                forbidden.handle(request, response, e);
            }
        };
    }

    private static void signInAgain(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpStatus.UNAUTHORIZED.value());
        response.setHeader("HX-Redirect", samePage(request.getHeader("HX-Current-URL")));
        response.setContentLength(0);
    }

    /** The path and query of the page the request came from; only ever a path on this server. */
    static String samePage(String currentUrl) {
        if (currentUrl == null) {
            return "/";
        }
        try {
            URI page = new URI(currentUrl);
            String path = page.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return "/";
            }
            return page.getRawQuery() == null ? path : path + "?" + page.getRawQuery();
        } catch (URISyntaxException e) {
            return "/";
        }
    }
}
