package io.yunwei.gateway.console;

import java.io.IOException;
import java.net.URI;

import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sends a browser without a session to sign in. A page is redirected to the issuer as usual; a part of a page that
 * htmx fetches (a board panel polled every few seconds) is answered 401 with {@code HX-Redirect} to the page it is
 * part of, so the browser loads that page, and so signs in and comes back to it, instead of pasting the issuer's
 * sign-in form into the panel.
 */
final class SignInAgain implements AuthenticationEntryPoint {

    static final String HX_REQUEST = "HX-Request";
    static final String HX_CURRENT_URL = "HX-Current-URL";
    static final String HX_REDIRECT = "HX-Redirect";

    private final AuthenticationEntryPoint page;

    SignInAgain(AuthenticationEntryPoint page) {
        this.page = page;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException, jakarta.servlet.ServletException {
        if (!"true".equals(request.getHeader(HX_REQUEST))) {
            page.commence(request, response, reason);
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HX_REDIRECT, pageOf(request.getHeader(HX_CURRENT_URL)));
    }

    /** The path (and query) of the page the browser shows; the console's home when it is missing or not a path. */
    static String pageOf(String currentUrl) {
        if (currentUrl == null || currentUrl.isBlank()) {
            return "/";
        }
        try {
            URI uri = URI.create(currentUrl.strip());
            String path = uri.getRawPath();
            // only a path of this site: the header comes from the browser and must not send it elsewhere
            if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                return "/";
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
