package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Signing in to the console through the running system, without a browser: each demo user signs in at the
 * authorization server's form (through the gateway), lands on their role's home, and is refused the agent's desk
 * unless they work it.
 */
class ConsoleSignInIT {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    private static String gateway;

    @BeforeAll
    static void connect() {
        gateway = RunningSystem.stack().gatewayUrl();
    }

    @ParameterizedTest
    @CsvSource({
            "agent, /desk, 200",
            "dispatcher, /board, 403",
            "supervisor, /supervisor, 403",
            "admin, /supervisor, 200",
            "engineer-wang, /field, 403",
            "customer-acme, /portal, 403" })
    void sendsEachUserToTheirHomeAndOnlyAgentsToTheDesk(String user, String home, int desk) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> landed = signIn(browser, user);

        assertThat(landed.uri().getPath()).isEqualTo(home);
        assertThat(landed.statusCode()).isEqualTo(200);
        HttpResponse<String> deskPage = get(browser, "/desk");
        assertThat(deskPage.statusCode()).isEqualTo(desk);
        assertThat(deskPage.body()).contains(desk == 200 ? "Record a call" : "Not for your role");
    }

    @ParameterizedTest
    @CsvSource({
            "customer-acme, /board", "customer-acme, /supervisor", "customer-acme, /board/tickets",
            "engineer-wang, /board", "engineer-wang, /supervisor", "engineer-wang, /supervisor/sla",
            "dispatcher, /supervisor", "supervisor, /board" })
    void refusesTheBoardAndTheSupervisorsPageToAnotherRole(String user, String page) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        signIn(browser, user);

        HttpResponse<String> refused = get(browser, page);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("Not for your role");
    }

    /** Opens the console, is sent to the issuer's form, and signs in there; answers the page signing in led to. */
    static HttpResponse<String> signIn(HttpClient browser, String user) throws IOException, InterruptedException {
        HttpResponse<String> form = get(browser, "/");
        assertThat(form.uri().getPath()).isEqualTo("/login");
        Matcher csrf = CSRF.matcher(form.body());
        assertThat(csrf.find()).as("the sign-in form's CSRF token").isTrue();
        String body = "username=" + encode(user) + "&password=" + encode(user + "-secret") + "&_csrf="
                + encode(csrf.group(1));
        return browser.send(HttpRequest.newBuilder(URI.create(gateway + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(gateway + path)).header("Accept-Language", "en")
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
