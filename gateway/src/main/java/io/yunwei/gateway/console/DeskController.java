package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import tools.jackson.databind.JsonNode;

/**
 * The agent's desk: record a call in 5W1H, complete what the intake API says is missing, read the record back to the
 * caller and so open the ticket; the latest tickets beside it. The API validates and scores; this page shows its
 * answers next to the fields they concern and keeps what was typed.
 */
@Controller
class DeskController {

    /** Which form field each 5W1H dimension the API reports missing is asked with. */
    static final Map<String, String> DIMENSION_FIELDS = Map.of("WHEN", "occurredAt", "WHO", "reportedBy", "WHERE",
            "location", "WHAT", "symptom", "WHY", "suspectedCause", "HOW", "discoveredHow");

    private final ConsoleApi api;
    private final ConsoleProperties console;
    private final ApiProblems problems;
    private final Clock clock = Clock.systemUTC();

    DeskController(ConsoleApi api, ConsoleProperties console, MessageSource messages) {
        this.api = api;
        this.console = console;
        this.problems = new ApiProblems(messages);
    }

    @GetMapping("/desk")
    String desk(Model model, Locale locale, @AuthenticationPrincipal OidcUser user) {
        CallForm form = new CallForm();
        form.setIdempotencyKey(UUID.randomUUID().toString());
        return deskPage(model, form, Map.of(), List.of(), locale, user);
    }

    @PostMapping("/desk/calls")
    String record(@ModelAttribute("call") CallForm form, Model model, Locale locale,
            @AuthenticationPrincipal OidcUser user) {
        if (form.getIdempotencyKey() == null || form.getIdempotencyKey().isBlank()) {
            form.setIdempotencyKey(UUID.randomUUID().toString());
        }
        ConsoleApi.Answer answer = api.post("/api/v1/tickets", form.newTicket(console.zone()),
                Map.of("Idempotency-Key", form.getIdempotencyKey()));
        if (answer.ok()) {
            return "redirect:/desk/tickets/" + answer.body().path("id").asString();
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        return deskPage(model, form, shown.byField(), shown.general(), locale, user);
    }

    private String deskPage(Model model, CallForm form, Map<String, List<String>> errors, List<String> general,
            Locale locale, OidcUser user) {
        model.addAttribute("call", form);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("missing", Map.of());
        model.addAttribute("assessment", assess(form, locale));
        customerChoices(model, form);
        // the calls this agent recorded, newest first
        ConsoleApi.Answer recent = user == null
                ? api.get("/api/v1/tickets?size={size}&sort=recordedAt,desc", 10)
                : api.get("/api/v1/tickets?size={size}&sort=recordedAt,desc&recordedBy={me}", 10, user.getSubject());
        model.addAttribute("recent", recent.ok() ? list(recent.body().path("content")) : List.of());
        model.addAttribute("callbacks", callbacksDue());
        model.addAttribute("callbackKey", UUID.randomUUID().toString());
        if (!model.containsAttribute("callbackTyped")) {
            model.addAttribute("callbackTyped", null);
        }
        return "desk";
    }

    /** A satisfaction callback the call centre owes a customer: overdue first, then those due now. */
    record CallbackRow(String id, String ticketId, String customerId, String status, String due, int attempts) {
    }

    /** What an agent typed for a callback's outcome that the API refused, and why. */
    record CallbackTyped(String id, String reached, String satisfaction, String resolvedConfirmed, String comment,
            List<String> messages) {
    }

    private List<CallbackRow> callbacksDue() {
        List<CallbackRow> due = new ArrayList<>();
        for (String status : List.of("OVERDUE", "DUE")) {
            ConsoleApi.Answer answer = api.get("/api/v1/callbacks?status={status}&size={size}", status, 20);
            if (answer.ok()) {
                answer.body().forEach(c -> due.add(new CallbackRow(c.path("id").asString(), c.path("ticketId").asString(),
                        c.path("customerId").asString(""), c.path("status").asString(status),
                        TicketProgress.time(c.path("dueAt"), console.zone()), c.path("attempts").asInt())));
            }
        }
        return due;
    }

    /** The outcome of a callback: whether the customer was reached, how satisfied, whether the fix holds. */
    @PostMapping("/desk/callbacks/{id}/outcome")
    String callbackOutcome(@PathVariable String id, @RequestParam(required = false) String reached,
            @RequestParam(required = false) String satisfaction, @RequestParam(required = false) String resolvedConfirmed,
            @RequestParam(required = false) String comment, @RequestParam(required = false) String idempotencyKey,
            Model model, Locale locale, @AuthenticationPrincipal OidcUser user, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reached", yesNo(reached));
        // what cannot be read as a number is sent as typed, so the API names the field
        body.put("satisfaction", satisfaction == null || satisfaction.isBlank() ? null
                : satisfaction.strip().matches("\\d{1,2}") ? Integer.valueOf(satisfaction.strip()) : satisfaction);
        body.put("resolvedConfirmed", yesNo(resolvedConfirmed));
        body.put("comment", comment == null || comment.isBlank() ? null : comment.strip());
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? UUID.randomUUID().toString() : idempotencyKey;
        ConsoleApi.Answer answer = api.post("/api/v1/callbacks/{id}/outcome", body, Map.of("Idempotency-Key", key), id);
        if (answer.ok()) {
            redirect.addFlashAttribute("callbackDone", true);
            return "redirect:/desk#callbacks";
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        List<String> messages = new ArrayList<>();
        shown.byField().values().forEach(messages::addAll);
        messages.addAll(shown.general());
        model.addAttribute("callbackTyped", new CallbackTyped(id, reached, satisfaction, resolvedConfirmed, comment,
                messages));
        CallForm form = new CallForm();
        form.setIdempotencyKey(UUID.randomUUID().toString());
        return deskPage(model, form, Map.of(), List.of(), locale, user);
    }

    private static Boolean yesNo(String answer) {
        return "true".equals(answer) ? Boolean.TRUE : "false".equals(answer) ? Boolean.FALSE : null;
    }

    /**
     * What intake makes of the call as typed so far, shown beside the form while the agent types: nothing is saved,
     * and the score is intake's own.
     */
    @PostMapping("/desk/assessment")
    String assessment(@ModelAttribute("call") CallForm form, Model model, Locale locale) {
        model.addAttribute("assessment", assess(form, locale));
        return "desk-parts :: assessmentAnswer";
    }

    /**
     * What intake would make of a recorded ticket's record as the agent is amending it, renewed as they type: nothing
     * is saved, and the ticket itself is not named as one it repeats.
     */
    @PostMapping("/desk/tickets/{id}/assessment")
    String amendmentAssessment(@PathVariable String id, @ModelAttribute("call") CallForm form, Model model,
            Locale locale) {
        model.addAttribute("assessment", assess(form, locale).besides(id));
        return "desk-parts :: assessmentAnswer";
    }

    private DraftAssessment assess(CallForm form, Locale locale) {
        return DraftAssessment.ask(api, problems, form.newTicket(console.zone()), locale, "field.");
    }

    /** The customers whose name or id holds what the agent typed in the customer field, as the field's suggestions. */
    @GetMapping("/desk/customers")
    String customers(@RequestParam(name = "customerId", defaultValue = "") String typed, Model model) {
        String q = typed.strip();
        ConsoleApi.Answer found = q.isEmpty() || q.length() > 100 ? null
                : api.get("/api/v1/customers?q={q}&size={size}", q, 10);
        model.addAttribute("customers", found != null && found.ok() ? list(found.body().path("content")) : List.of());
        return "desk-parts :: customerOptions";
    }

    /** The chosen customer's sites and assets to pick from, once the customer field changes. */
    @PostMapping("/desk/choices")
    String choices(@ModelAttribute("call") CallForm form, Model model) {
        model.addAttribute("errors", Map.of());
        model.addAttribute("missing", Map.of());
        customerChoices(model, form);
        return "desk-parts :: choicesAnswer";
    }

    private void customerChoices(Model model, CallForm form) {
        String id = form.getCustomerId() == null ? "" : form.getCustomerId().strip();
        ConsoleApi.Answer customer = id.isEmpty() ? null : api.get("/api/v1/customers/{id}", id);
        boolean found = customer != null && customer.ok();
        model.addAttribute("customer", found ? customer.body() : null);
        model.addAttribute("sites", found ? list(customer.body().path("sites")) : List.of());
        model.addAttribute("assets", found ? list(customer.body().path("assets")) : List.of());
    }

    @GetMapping("/desk/tickets/{id}")
    String ticket(@PathVariable String id, Model model, @AuthenticationPrincipal OidcUser user, Locale locale) {
        ConsoleApi.Answer answer = api.get("/api/v1/tickets/{id}", id);
        if (!answer.ok()) {
            return notFound(answer);
        }
        CallForm form = CallForm.of(answer.body(), answer.etag(), console.zone());
        return ticketPage(model, answer.body(), form, Map.of(), List.of(), null, user, locale);
    }

    @PostMapping("/desk/tickets/{id}")
    String amend(@PathVariable String id, @ModelAttribute("call") CallForm form, Model model,
            @AuthenticationPrincipal OidcUser user, Locale locale) {
        ConsoleApi.Answer answer = api.patch("/api/v1/tickets/{id}", form.amendment(console.zone()),
                form.getEtag() == null ? Map.of() : Map.of(HttpHeaders.IF_MATCH, form.getEtag()), id);
        if (answer.ok()) {
            return "redirect:/desk/tickets/" + id;
        }
        ConsoleApi.Answer current = api.get("/api/v1/tickets/{id}", id);
        if (!current.ok()) {
            return notFound(current);
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        if (answer.status() == 412) {
            // someone changed the ticket since it was read: keep what this agent typed, against the newer version,
            // and say who changed what
            model.addAttribute("stale", StaleEdit.of(current.body(), form, console.zone()));
            form.setEtag(current.etag());
            form.setReadAt(null);
        }
        return ticketPage(model, current.body(), form, shown.byField(), shown.general(), null, user, locale);
    }

    @PostMapping("/desk/tickets/{id}/read-back")
    String readBack(@PathVariable String id, @RequestParam String confirmedBy, @RequestParam String summaryReadBack,
            Model model, @AuthenticationPrincipal OidcUser user, Locale locale, RedirectAttributes redirect) {
        ReadBack typed = new ReadBack(confirmedBy, summaryReadBack);
        ConsoleApi.Answer current = api.get("/api/v1/tickets/{id}", id);
        if (!current.ok()) {
            return notFound(current);
        }
        CallForm form = CallForm.of(current.body(), current.etag(), console.zone());
        // what is said to the caller is checked first: the ticket does not open on a discourteous read-back
        List<JsonNode> findings = courtesyFindings(summaryReadBack);
        if (!findings.isEmpty()) {
            model.addAttribute("findings", findings);
            return ticketPage(model, current.body(), form, Map.of(),
                    List.of(problems.message("readBack.courtesyRefused", locale)), typed, user, locale);
        }
        ConsoleApi.Answer answer = api.post("/api/v1/tickets/{id}/read-back",
                Map.of("confirmedBy", confirmedBy.strip(), "summaryReadBack", summaryReadBack.strip()), Map.of(), id);
        if (answer.ok()) {
            redirect.addFlashAttribute("readBackDone", true);
            return "redirect:/desk/tickets/" + id;
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        return ticketPage(model, current.body(), form, shown.byField(), shown.general(), typed, user, locale);
    }

    /** The courtesy findings of a text, as a fragment the read-back form shows while the agent edits it. */
    @PostMapping("/desk/courtesy")
    String courtesy(@RequestParam(defaultValue = "") String summaryReadBack, Model model) {
        model.addAttribute("findings", summaryReadBack.isBlank() ? List.of() : courtesyFindings(summaryReadBack));
        return "fragments :: findings";
    }

    /** A visit's signed service form, as the field API prints it. */
    @GetMapping("/desk/visits/{id}/service-form")
    ResponseEntity<byte[]> serviceForm(@PathVariable String id) {
        return printed(api.pdf("/api/v1/visits/{id}/service-form?zone={zone}", id, console.zone().getId()),
                "service-form-" + id + ".pdf");
    }

    /**
     * An evidence photo of a visit, fetched with the agent's token and handed to the browser, which never holds one.
     * Only the image types field accepts are shown inline.
     */
    @GetMapping("/desk/visits/{visitId}/evidence/{evidenceId}")
    ResponseEntity<byte[]> evidence(@PathVariable String visitId, @PathVariable String evidenceId) {
        ConsoleApi.Download photo = api.download("/api/v1/visits/{visit}/evidence/{evidence}", visitId, evidenceId);
        if (!photo.ok()) {
            // what the agent may not see is not there, as the API says
            return ResponseEntity.status(photo.status() == 403 ? 404 : photo.status()).build();
        }
        MediaType type = MediaType.parseMediaType(photo.contentType());
        boolean image = List.of(MediaType.IMAGE_JPEG, MediaType.IMAGE_PNG).stream().anyMatch(type::isCompatibleWith);
        return ResponseEntity.ok().contentType(image ? type : MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, (image ? ContentDisposition.inline()
                        : ContentDisposition.attachment()).filename("evidence-" + evidenceId).build().toString())
                .header("X-Content-Type-Options", "nosniff")
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate())
                .body(photo.content());
    }

    /** A closed ticket's incident report, as follow-up issued it. */
    @GetMapping("/desk/tickets/{id}/report")
    ResponseEntity<byte[]> report(@PathVariable String id) {
        return printed(api.pdf("/api/v1/reports/{id}", id), "incident-report-" + id + ".pdf");
    }

    private static ResponseEntity<byte[]> printed(byte[] pdf, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(pdf);
    }

    /** The ticket's status, for the badge that follows it while dispatch assigns it. */
    @GetMapping("/desk/tickets/{id}/status")
    String status(@PathVariable String id, Model model) {
        ConsoleApi.Answer answer = api.get("/api/v1/tickets/{id}", id);
        model.addAttribute("ticket", answer.ok() ? answer.body() : null);
        return "fragments :: status";
    }

    private List<JsonNode> courtesyFindings(String text) {
        ConsoleApi.Answer answer = api.post("/api/v1/courtesy/checks", Map.of("text", text), Map.of());
        return answer.ok() ? list(answer.body().path("findings")) : List.of();
    }

    record ReadBack(String confirmedBy, String summaryReadBack) {
    }

    private String ticketPage(Model model, JsonNode ticket, CallForm form, Map<String, List<String>> errors,
            List<String> general, ReadBack typed, OidcUser user, Locale locale) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (JsonNode dimension : list(ticket.path("completeness").path("missing"))) {
            missing.put(DIMENSION_FIELDS.getOrDefault(dimension.asString(), dimension.asString()), dimension.asString());
        }
        List<String> blockers = new ArrayList<>();
        list(ticket.path("blockers")).forEach(b -> blockers.add(b.asString()));
        boolean readBackDue = "RECORDED".equals(ticket.path("status").asString()) && missing.isEmpty()
                && blockers.contains("READ_BACK_PENDING");
        model.addAttribute("ticket", ticket);
        model.addAttribute("call", form);
        model.addAttribute("errors", errors);
        model.addAttribute("general", general);
        model.addAttribute("missing", missing);
        model.addAttribute("blockers", blockers);
        model.addAttribute("score", Math.round(ticket.path("completeness").path("score").asDouble() * 100));
        model.addAttribute("readBackDue", readBackDue);
        model.addAttribute("readBack", typed != null ? typed
                : new ReadBack(form.getReporterName() == null ? "" : form.getReporterName(),
                        ReadBackSummary.of(form, problems.messages(), locale)));
        if (!model.containsAttribute("findings")) {
            model.addAttribute("findings", List.of());
        }
        if (form.getReadAt() == null) {
            form.setReadAt(clock.instant().toString());
        }
        if (!model.containsAttribute("stale")) {
            model.addAttribute("stale", null);
        }
        customerChoices(model, form);
        model.addAttribute("assessment", assess(form, locale).besides(ticket.path("id").asString()));
        model.addAttribute("agent", user == null ? null : user.getSubject());
        model.addAttribute("readBackAt", TicketProgress.time(ticket.path("readBack").path("confirmedAt"), console.zone()));
        model.addAttribute("progress", "RECORDED".equals(ticket.path("status").asString()) ? null
                : TicketProgress.read(api, ticket, console.zone(), clock));
        return "ticket";
    }

    /** The API would not give the ticket (not there, or not this person's to see): its problem is the page. */
    private static String notFound(ConsoleApi.Answer answer) {
        throw new ConsolePages.Refused(answer);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
