package io.yunwei.gateway.console;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.JsonNode;

/**
 * The customer's portal: report a fault in plain words, answering the 5W1H questions with the completeness shown as
 * they go; follow their organisation's tickets (status, appointment, engineer, what happened in their words); read
 * the incident report. Another organisation's ticket is not found, as the API answers.
 */
@Controller
class PortalController {

    /** The customer's organisation, as the issuer says in the ID token. */
    static final String CUSTOMER_CLAIM = "customer_id";

    private final ConsoleApi api;
    private final ConsoleProperties console;
    private final ApiProblems problems;

    PortalController(ConsoleApi api, ConsoleProperties console, MessageSource messages) {
        this.api = api;
        this.console = console;
        this.problems = new ApiProblems(messages);
    }

    @ModelAttribute("times")
    PhoneTimes times() {
        return new PhoneTimes(console.zone(), Clock.systemUTC());
    }

    @GetMapping("/portal")
    String portal(Model model, @AuthenticationPrincipal OidcUser user, Locale locale) {
        CallForm form = new CallForm();
        form.setIdempotencyKey(UUID.randomUUID().toString());
        return portalPage(model, user, form, Map.of(), List.of(), locale);
    }

    @PostMapping("/portal/reports")
    String report(@ModelAttribute("report") CallForm form, Model model, @AuthenticationPrincipal OidcUser user,
            Locale locale) {
        if (form.getIdempotencyKey() == null || form.getIdempotencyKey().isBlank()) {
            form.setIdempotencyKey(UUID.randomUUID().toString());
        }
        form.setCustomerId(user.getClaimAsString(CUSTOMER_CLAIM));
        // the person reporting is the one the engineer calls
        if (form.getReporterName() == null || form.getReporterName().isBlank()) {
            form.setReporterName(form.getReportedBy());
        }
        ConsoleApi.Answer answer = api.post("/api/v1/tickets", form.portalReport(console.zone()),
                Map.of("Idempotency-Key", form.getIdempotencyKey()));
        if (answer.ok()) {
            return "redirect:/portal/tickets/" + answer.body().path("id").asString();
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        return portalPage(model, user, form, shown.byField(), shown.general(), locale);
    }

    /**
     * Which of the six questions the report answers so far, shown while the customer types: intake assesses the report
     * by the rule it records with, and nothing is saved.
     */
    @PostMapping("/portal/completeness")
    String completeness(@ModelAttribute("report") CallForm form, Model model, @AuthenticationPrincipal OidcUser user,
            Locale locale) {
        model.addAttribute("assessment", assess(form, user, locale));
        return "portal-parts :: completeness";
    }

    private DraftAssessment assess(CallForm form, OidcUser user, Locale locale) {
        form.setCustomerId(user.getClaimAsString(CUSTOMER_CLAIM));
        return DraftAssessment.ask(api, problems, form.portalReport(console.zone()), locale, "portal.q.");
    }

    @GetMapping("/portal/tickets/{id}")
    String ticket(@PathVariable String id, Model model) {
        ConsoleApi.Answer ticket = api.get("/api/v1/tickets/{id}", id);
        if (!ticket.ok()) {
            throw new ConsolePages.Refused(ticket);
        }
        ConsoleApi.Answer timeline = api.get("/api/v1/tickets/{id}/timeline", id);
        model.addAttribute("ticket", ticket.body());
        model.addAttribute("timeline", timeline.ok() ? list(timeline.body()) : List.of());
        model.addAttribute("visit", latestVisit(id));
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        if (!model.containsAttribute("surveyProblem")) {
            model.addAttribute("surveyProblem", null);
        }
        return "portal-ticket";
    }

    /** The customer's answer to the satisfaction survey, recorded by follow-up on the ticket's callback. */
    @PostMapping("/portal/tickets/{id}/survey")
    String survey(@PathVariable String id, @RequestParam(defaultValue = "") String satisfaction,
            @RequestParam(defaultValue = "") String resolvedConfirmed, @RequestParam(defaultValue = "") String comment,
            @RequestParam(defaultValue = "") String idempotencyKey, Model model, Locale locale) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("satisfaction", satisfaction.matches("[1-5]") ? Integer.valueOf(satisfaction) : null);
        body.put("resolvedConfirmed", resolvedConfirmed.isBlank() ? null : Boolean.valueOf(resolvedConfirmed));
        body.put("comment", comment.isBlank() ? null : comment.strip());
        ConsoleApi.Answer answer = api.post("/api/v1/surveys/{id}", body,
                idempotencyKey.isBlank() ? Map.of() : Map.of("Idempotency-Key", idempotencyKey), id);
        if (answer.ok()) {
            return "redirect:/portal/tickets/" + id + "#survey";
        }
        model.addAttribute("surveyProblem", problems.show(answer, locale));
        return ticket(id, model);
    }

    /** The incident report as the follow-up service renders it, once the ticket is closed. */
    @GetMapping(path = "/portal/tickets/{id}/report", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    ResponseEntity<String> incidentReport(@PathVariable String id) {
        ConsoleApi.Document report = api.html("/api/v1/reports/{id}", id);
        if (report.status() != 200) {
            throw new ConsolePages.Refused(new ConsoleApi.Answer(report.status(),
                    ApiProblems.problem(report.status() == 404 ? "NOT_FOUND" : "SERVICE_UNAVAILABLE", null, null), null));
        }
        return ResponseEntity.status(HttpStatus.OK).contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .body(report.html());
    }

    /** The ticket's visits are numbered from 1; the latest is the one the customer waits for or had. */
    private JsonNode latestVisit(String ticketId) {
        JsonNode latest = null;
        for (int n = 1; n <= 20; n++) {
            ConsoleApi.Answer visit = api.get("/api/v1/visits/{id}", ticketId + "-V" + n);
            if (!visit.ok()) {
                break;
            }
            latest = visit.body();
        }
        return latest;
    }

    private String portalPage(Model model, OidcUser user, CallForm form, Map<String, List<String>> errors,
            List<String> general, Locale locale) {
        String customer = user.getClaimAsString(CUSTOMER_CLAIM);
        ConsoleApi.Answer organisation = api.get("/api/v1/customers/{id}", customer);
        ConsoleApi.Answer tickets = api.get("/api/v1/tickets?size={size}&sort=recordedAt,desc", 20);
        model.addAttribute("report", form);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("assessment", assess(form, user, locale));
        model.addAttribute("sites", organisation.ok() ? list(organisation.body().path("sites")) : List.of());
        model.addAttribute("assets", organisation.ok() ? list(organisation.body().path("assets")) : List.of());
        model.addAttribute("tickets", tickets.ok() ? list(tickets.body().path("content")) : List.of());
        return "portal";
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
