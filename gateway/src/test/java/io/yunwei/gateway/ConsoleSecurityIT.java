package io.yunwei.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.jayway.jsonpath.JsonPath;

/**
 * The console's web security as a browser meets it, with the bearer-token API beside it unchanged: sign-in with PKCE,
 * the session cookie's flags, CSRF on forms, the Content-Security-Policy, and no session for API calls.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsoleSecurityIT {

    private static final Tokens TOKENS = Tokens.withNewKey("console-it");
    private static final FakeService AUTH = FakeService.startWithJwks("auth", TOKENS.jwks());
    private static final FakeService INTAKE = FakeService.start("intake");

    // redirects are looked at, never followed: they are what is being checked
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void services(DynamicPropertyRegistry registry) {
        registry.add("yunwei.gateway.services.intake", INTAKE::baseUrl);
        registry.add("yunwei.gateway.services.dispatch", FakeService::unreachableUrl);
        registry.add("yunwei.gateway.services.field", FakeService::unreachableUrl);
        registry.add("yunwei.gateway.services.followup", FakeService::unreachableUrl);
        AUTH.registerAsIssuer(registry);
    }

    @AfterAll
    static void stopServices() {
        AUTH.close();
        INTAKE.close();
    }

    @Test
    void sendsAnUnauthenticatedBrowserToSignIn() throws Exception {
        HttpResponse<String> desk = send(get("/desk"));

        assertThat(desk.statusCode()).isEqualTo(302);
        assertThat(desk.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/signin/authorize/yunwei"));
    }

    @Test
    void sendsAPolledPanelWithoutASessionToItsPageInsteadOfTheSignInForm() throws Exception {
        HttpResponse<String> panel = send(get("/board/tickets").header("HX-Request", "true")
                .header("HX-Current-URL", "http://localhost:" + port + "/board?lang=en"));

        assertThat(panel.statusCode()).isEqualTo(401);
        assertThat(panel.headers().firstValue("HX-Redirect")).hasValue("/board?lang=en");
        assertThat(panel.headers().firstValue("Location")).isEmpty();
        assertThat(panel.body()).isEmpty();
    }

    @Test
    void signsInWithTheAuthorizationCodeAndPkceAtTheIssuer() throws Exception {
        HttpResponse<String> start = send(get("/signin/authorize/yunwei"));

        assertThat(start.statusCode()).isEqualTo(302);
        URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
        assertThat(authorize.getScheme() + "://" + authorize.getAuthority() + authorize.getPath())
                .isEqualTo("http://localhost:8080/oauth2/authorize");
        assertThat(authorize.getQuery()).contains("response_type=code", "client_id=console", "scope=openid",
                "code_challenge_method=S256", "code_challenge=",
                "redirect_uri=http://localhost:8080/signin/callback/yunwei");
    }

    @Test
    void keepsTheSessionInAnHttpOnlySameSiteCookie() throws Exception {
        HttpResponse<String> start = send(get("/signin/authorize/yunwei"));

        assertThat(start.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith("YUNWEI_SESSION=").contains("HttpOnly").contains("SameSite=Lax"));
    }

    @Test
    void refusesAFormPostWithoutItsCsrfToken() throws Exception {
        int calls = INTAKE.requests();

        HttpResponse<String> post = send(get("/desk/calls")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("customerId=acme&where.location=x")));

        assertThat(post.statusCode()).isEqualTo(403);
        assertThat(INTAKE.requests()).isEqualTo(calls);
    }

    @Test
    void sendsAPageWhoseSessionEndedToSignInRatherThanPastingTheSignInPageIntoAFragment() throws Exception {
        HttpResponse<String> status = send(get("/desk/tickets/t-1/status").header("HX-Request", "true")
                .header("HX-Current-URL", "http://localhost:8080/desk/tickets/t-1?lang=en"));

        assertThat(status.statusCode()).isEqualTo(401);
        assertThat(status.headers().firstValue("HX-Redirect")).hasValue("/desk/tickets/t-1?lang=en");
        assertThat(status.body()).isEmpty();
    }

    @Test
    void sendsAnHtmxFormPostWhoseCsrfTokenDiedWithTheSessionToSignInAgain() throws Exception {
        int calls = INTAKE.requests();

        HttpResponse<String> post = send(get("/desk/assessment").header("HX-Request", "true")
                .header("HX-Current-URL", "https://evil.example//elsewhere")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("_csrf=stale&symptom=x")));

        assertThat(post.statusCode()).isEqualTo(401);
        assertThat(post.headers().firstValue("HX-Redirect")).hasValue("/");
        assertThat(INTAKE.requests()).isEqualTo(calls);
    }

    @Test
    void allowsNoInlineScriptOnConsolePages() throws Exception {
        HttpResponse<String> page = send(get("/signed-out"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval"));
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain(" onclick=").doesNotContain(" style=\"");
    }

    @Test
    void speaksTheBrowsersLanguage() throws Exception {
        HttpResponse<String> chinese = send(get("/signed-out").header("Accept-Language", "zh-CN,zh;q=0.9"));
        HttpResponse<String> english = send(get("/signed-out").header("Accept-Language", "en-GB"));

        assertThat(chinese.body()).contains("<html lang=\"zh-CN\">", "已退出");
        assertThat(english.body()).contains("<html lang=\"en\">", "Signed out");
    }

    @Test
    void letsTheApiTakeBearerTokensWithoutASession() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1")
                .header("Authorization", "Bearer " + TOKENS.sign(TOKENS.agent())));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JsonPath.<String>read(response.body(), "$.service")).isEqualTo("intake");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
        assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
    }

    @Test
    void answersTheApiWithoutATokenWithAProblemNotASignInPage() throws Exception {
        HttpResponse<String> response = send(get("/api/v1/tickets/t-1").header("Accept", "text/html"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.build(), BodyHandlers.ofString());
    }
}
