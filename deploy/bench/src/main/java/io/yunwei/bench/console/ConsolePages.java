package io.yunwei.bench.console;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.yunwei.bench.Gateway;
import io.yunwei.bench.Options;
import io.yunwei.bench.Report;
import io.yunwei.bench.Stats;
import io.yunwei.bench.Target;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Times the console's pages as their users open them: each demo user signs in at the issuer's form through the
 * gateway, as a browser does, then opens their pages one after another ({@code --requests} each, after
 * {@code --warmup} untimed, {@code --pause-ms} apart: 200, five pages a second, faster than anyone clicks and within
 * the gateway's limit for one user's API calls), from the first byte asked to the last byte of the page. A ticket, a visit and a customer's
 * ticket to show are taken from the API. Fails when a page answers anything but 200 or its p95 exceeds
 * {@code --bound-ms} (500). Aim it at a stack holding the tickets to measure with ({@code --gateway=URL}); without
 * one it starts a local stack of its own, which holds only the demo data.
 */
public final class ConsolePages {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    private final String base;

    private ConsolePages(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        int requests = options.integer("requests", 100);
        int warmup = options.integer("warmup", 10);
        double bound = options.decimal("bound-ms", 500);
        long pause = options.integer("pause-ms", 200);
        boolean passed;
        try (Target target = Target.open(options)) {
            Gateway api = target.gateway();
            ConsolePages pages = new ConsolePages(api.base());
            Path out = Report.folder(options, "console");
            Map<String, Stats> timed = new LinkedHashMap<>();
            List<String> failures = new ArrayList<>();
            for (Page page : pages.pagesToTime(api)) {
                HttpClient browser = pages.signedIn(page.user());
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < warmup + requests; i++) {
                    long started = System.nanoTime();
                    HttpResponse<String> answer = pages.get(browser, page.path());
                    double took = (System.nanoTime() - started) / 1e6;
                    if (answer.statusCode() != 200 || !answer.uri().getPath().equals(page.path())) {
                        failures.add(page.label() + " answered " + answer.statusCode() + " at " + answer.uri().getPath());
                        break;
                    }
                    if (i >= warmup) {
                        millis.add(took);
                    }
                    Thread.sleep(pause);
                }
                Stats stats = Stats.of(millis);
                timed.put(page.label(), stats);
                if (stats.count() > 0 && stats.p95() > bound) {
                    failures.add("%s: p95 %.1f ms > %.0f ms".formatted(page.label(), stats.p95(), bound));
                }
            }
            pages.report(out, timed, failures, bound);
            passed = failures.isEmpty();
        }
        System.exit(passed ? 0 : 1);
    }

    /** A page to time, which user opens it, and what it shows in the report. */
    private record Page(String label, String user, String path) {
    }

    private List<Page> pagesToTime(Gateway api) {
        List<Page> pages = new ArrayList<>();
        pages.add(new Page("agent's desk", "agent", "/desk"));
        first(api, "agent", "/api/v1/tickets?size=1", "id").ifPresent(ticket -> {
            pages.add(new Page("ticket page", "agent", "/desk/tickets/" + ticket));
            pages.add(new Page("ticket status fragment", "agent", "/desk/tickets/" + ticket + "/status"));
        });
        pages.add(new Page("dispatch board", "dispatcher", "/board"));
        pages.add(new Page("board: waiting and at risk", "dispatcher", "/board/tickets"));
        pages.add(new Page("board: engineers", "dispatcher", "/board/engineers"));
        pages.add(new Page("supervisor", "supervisor", "/supervisor"));
        pages.add(new Page("supervisor: SLA panel", "supervisor", "/supervisor/sla"));
        pages.add(new Page("engineer's phone", "engineer-wang", "/field"));
        first(api, "engineer-wang", "/api/v1/visits?engineerId=eng-wang&size=1", "id")
                .ifPresent(visit -> pages.add(new Page("visit on the phone", "engineer-wang", "/field/visits/" + visit)));
        pages.add(new Page("customer's portal", "customer-acme", "/portal"));
        first(api, "customer-acme", "/api/v1/tickets?size=1", "id")
                .ifPresent(ticket -> pages.add(new Page("portal ticket", "customer-acme", "/portal/tickets/" + ticket)));
        return pages;
    }

    /** A field of the first item a list answers, if it lists any. */
    private static Optional<String> first(Gateway api, String client, String path, String field) {
        Gateway.Response listed = api.get(client, path);
        if (listed.status() != 200) {
            Report.log("%s %s answered %d; its page is left out", client, path, listed.status());
            return Optional.empty();
        }
        // a page of items (content) or a plain array, as the services list them
        JsonNode items = listed.json().isArray() ? listed.json() : listed.json().path("content");
        if (!items.isArray() || items.isEmpty()) {
            Report.log("%s %s lists nothing; its page is left out", client, path);
            return Optional.empty();
        }
        return Optional.of(items.get(0).path(field).asString());
    }

    /** A browser of its own, signed in at the issuer's form as a demo user (password: the user's name + "-secret"). */
    private HttpClient signedIn(String user) throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> form = get(browser, "/");
        Matcher csrf = CSRF.matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("no sign-in form at " + form.uri() + " (" + form.statusCode() + ")");
        }
        String body = "username=" + encode(user) + "&password=" + encode(user + "-secret") + "&_csrf="
                + encode(csrf.group(1));
        HttpResponse<String> landed = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (landed.statusCode() != 200 || landed.uri().getPath().equals("/login")) {
            throw new IllegalStateException(user + " could not sign in: " + landed.statusCode() + " at " + landed.uri());
        }
        return browser;
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", "zh-CN")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void report(Path out, Map<String, Stats> timed, List<String> failures, double bound) {
        Report.line("%-26s %s", "page", Stats.header());
        timed.forEach((label, stats) -> Report.line("%-26s %s", label, stats.line()));
        failures.forEach(failure -> Report.line("FAILED: %s", failure));
        ObjectNode json = Gateway.JSON.createObjectNode();
        json.put("gateway", base);
        json.put("boundMs", bound);
        ObjectNode pages = json.putObject("pages");
        timed.forEach((label, stats) -> pages.set(label, stats.json()));
        ArrayNode failed = json.putArray("failures");
        failures.forEach(failed::add);
        Report.write(out.resolve("console.json"), json.toPrettyString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
