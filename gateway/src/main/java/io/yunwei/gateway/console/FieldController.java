package io.yunwei.gateway.console;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

import tools.jackson.databind.JsonNode;

/**
 * The engineer's phone: today's dispatches (accept or decline, contact attempts, the appointment with its
 * pre-notice) and the visit, step by step in the handbook's order. Each form posts here; the step becomes one call to
 * the field or dispatch API with the form's {@code Idempotency-Key}. A page without script gets the visit page back;
 * the phone's queue ({@code field.js}), which sends what was done offline once the network returns, asks for JSON and
 * is told whether the step was applied, or the API's problem in the engineer's language.
 */
@Controller
class FieldController {

    /** The visit's steps in the handbook's order, each with the steps that must be done before it. */
    static final Map<String, List<String>> STEPS = orderedSteps();

    private static Map<String, List<String>> orderedSteps() {
        Map<String, List<String>> steps = new LinkedHashMap<>();
        steps.put("check-in", List.of());
        steps.put("site-checklist", List.of("check-in"));
        steps.put("consents", List.of("site-checklist"));
        steps.put("diagnosis", List.of("site-checklist"));
        steps.put("options", List.of("diagnosis"));
        steps.put("evidence", List.of("site-checklist", "consent-PHOTO"));
        steps.put("inspection", List.of("diagnosis"));
        steps.put("resolution", List.of("diagnosis"));
        steps.put("service-form", List.of("resolution"));
        steps.put("completion", List.of("check-in"));
        return steps;
    }

    private final ConsoleApi api;
    private final ConsoleProperties console;
    private final ApiProblems problems;

    FieldController(ConsoleApi api, ConsoleProperties console, MessageSource messages) {
        this.api = api;
        this.console = console;
        this.problems = new ApiProblems(messages);
    }

    /** Times on the phone are shown in the console's zone. */
    @ModelAttribute("times")
    PhoneTimes times() {
        return new PhoneTimes(console.zone(), Clock.systemUTC());
    }

    /** What the engineer sent and the API refused, shown again by the form it came from. */
    record Typed(String step, Map<String, String> fields, Map<String, List<String>> errors, List<String> general) {

        public String get(String name) {
            return fields.getOrDefault(name, "");
        }
    }

    @GetMapping("/field")
    String today(Model model) {
        ConsoleApi.Answer dispatches = api.get("/api/v1/dispatches?size={size}", 50);
        ConsoleApi.Answer visits = api.get("/api/v1/visits?size={size}", 50);
        model.addAttribute("dispatches", dispatches.ok() ? list(dispatches.body()).stream()
                .filter(d -> List.of("ASSIGNED", "ACCEPTED", "SCHEDULED").contains(d.path("status").asString()))
                .toList() : List.of());
        model.addAttribute("visits", visits.ok() ? list(visits.body()).stream()
                .filter(v -> List.of("PLANNED", "ON_SITE").contains(v.path("status").asString())).toList() : List.of());
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        model.addAttribute("typed", null);
        return "field";
    }

    @GetMapping("/field/visits/{id}")
    String visit(@PathVariable String id, Model model) {
        return visitPage(id, model, null);
    }

    /** A visit step from a form without script: the visit page again, with the API's problem by the form if refused. */
    @PostMapping("/field/visits/{id}/{step}")
    String visitStep(@PathVariable String id, @PathVariable String step,
            @RequestParam MultiValueMap<String, String> form, Model model, Locale locale) {
        ConsoleApi.Answer answer = applyVisitStep(id, step, form);
        if (answer.ok()) {
            return "redirect:/field/visits/" + id + "#step-" + step;
        }
        return visitPage(id, model, typed(step, form, answer, locale));
    }

    /** A visit step sent by the phone's queue: whether it was applied, or why not. */
    @PostMapping(path = "/field/visits/{id}/{step}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> queuedVisitStep(@PathVariable String id, @PathVariable String step,
            @RequestParam MultiValueMap<String, String> form, Locale locale) {
        return outcome(applyVisitStep(id, step, form), locale);
    }

    @PostMapping("/field/dispatches/{id}/{step}")
    String dispatchStep(@PathVariable String id, @PathVariable String step,
            @RequestParam MultiValueMap<String, String> form, Model model, Locale locale) {
        ConsoleApi.Answer answer = applyDispatchStep(id, step, form);
        if (answer.ok()) {
            return "redirect:/field";
        }
        today(model);
        model.addAttribute("typed", typed(id + "/" + step, form, answer, locale));
        return "field";
    }

    @PostMapping(path = "/field/dispatches/{id}/{step}", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> queuedDispatchStep(@PathVariable String id, @PathVariable String step,
            @RequestParam MultiValueMap<String, String> form, Locale locale) {
        return outcome(applyDispatchStep(id, step, form), locale);
    }

    /** The courtesy findings of a text the customer will read, shown while the engineer types it. */
    @PostMapping("/field/courtesy")
    String courtesy(@RequestParam MultiValueMap<String, String> form, Model model) {
        String text = form.getFirst(form.getFirst("checked") == null ? "" : form.getFirst("checked"));
        List<JsonNode> findings = List.of();
        if (text != null && !text.isBlank()) {
            ConsoleApi.Answer answer = api.post("/api/v1/courtesy/checks", Map.of("text", text), Map.of());
            findings = answer.ok() ? list(answer.body().path("findings")) : List.of();
        }
        model.addAttribute("findings", findings);
        model.addAttribute("findingsId", "findings-" + form.getFirst("target"));
        return "fragments :: fieldFindings";
    }

    private ConsoleApi.Answer applyVisitStep(String id, String step, MultiValueMap<String, String> form) {
        Map<String, String> headers = headers(form);
        if (step.equals("evidence")) {
            // the phone sends the photo as a data URL, made smaller on the device, like the signature
            FieldSteps.Photo photo = FieldSteps.photo(form.getFirst("photo"));
            if (photo == null) {
                return missingPhoto();
            }
            String caption = form.getFirst("caption");
            return api.upload("/api/v1/visits/{id}/evidence", photo.filename(), photo.content(),
                    caption == null || caption.isBlank() ? Map.of() : Map.of("caption", caption.strip()), headers, id);
        }
        FieldSteps.Call call = FieldSteps.visitStep(step, form, console.zone());
        if (call == null) {
            throw new ConsolePages.Refused(new ConsoleApi.Answer(404, ApiProblems.problem("NOT_FOUND", null, null), null));
        }
        if (call.method() == HttpMethod.PUT) {
            String etag = form.getFirst("etag");
            return api.put(call.path(), call.body(), etag == null || etag.isBlank() ? Map.of()
                    : Map.of(HttpHeaders.IF_MATCH, etag), id);
        }
        return api.exchange(call.method(), call.path(), call.body(), headers, id);
    }

    private ConsoleApi.Answer applyDispatchStep(String id, String step, MultiValueMap<String, String> form) {
        FieldSteps.Call call = FieldSteps.dispatchStep(step, form, console.zone());
        if (call == null) {
            throw new ConsolePages.Refused(new ConsoleApi.Answer(404, ApiProblems.problem("NOT_FOUND", null, null), null));
        }
        return api.exchange(call.method(), call.path(), call.body(), headers(form), id);
    }

    private static ConsoleApi.Answer missingPhoto() {
        return new ConsoleApi.Answer(400, ApiProblems.problem("VALIDATION_FAILED", "photo", "must be a photo"), null);
    }

    private ResponseEntity<Map<String, Object>> outcome(ConsoleApi.Answer answer, Locale locale) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("applied", answer.ok());
        outcome.put("status", answer.status());
        if (!answer.ok()) {
            ApiProblems.Shown shown = problems.show(answer, locale);
            outcome.put("byField", shown.byField());
            // a checklist sent with the ETag of a page loaded before another device changed the visit
            outcome.put("general", answer.status() == 412 ? List.of(problems.message("visit.conflict", locale))
                    : shown.general());
        }
        return ResponseEntity.ok(outcome);
    }

    private Typed typed(String step, MultiValueMap<String, String> form, ConsoleApi.Answer answer, Locale locale) {
        ApiProblems.Shown shown = problems.show(answer, locale);
        Map<String, String> fields = new LinkedHashMap<>();
        form.forEach((name, values) -> fields.put(name, String.join(",", values)));
        return new Typed(step, fields, shown.byField(), shown.general());
    }

    private static Map<String, String> headers(MultiValueMap<String, String> form) {
        String key = form.getFirst("idempotencyKey");
        return key == null || key.isBlank() ? Map.of() : Map.of("Idempotency-Key", key.strip());
    }

    private String visitPage(String id, Model model, Typed typed) {
        ConsoleApi.Answer answer = api.get("/api/v1/visits/{id}", id);
        if (!answer.ok()) {
            throw new ConsolePages.Refused(answer);
        }
        JsonNode visit = answer.body();
        List<String> done = done(visit);
        Map<String, Boolean> unlocked = new LinkedHashMap<>();
        STEPS.forEach((step, needs) -> unlocked.put(step, !"COMPLETED".equals(visit.path("status").asString())
                && !"CANCELLED".equals(visit.path("status").asString()) && done.containsAll(needs)
                && (!step.equals("check-in") || !done.contains("check-in"))));
        ConsoleApi.Answer ticket = api.get("/api/v1/tickets/{id}", visit.path("ticketId").asString());
        List<String> assets = new ArrayList<>();
        if (ticket.ok()) {
            ticket.body().path("assetIds").forEach(a -> assets.add(a.asString()));
        }
        model.addAttribute("visit", visit);
        model.addAttribute("ticket", ticket.ok() ? ticket.body() : null);
        model.addAttribute("assets", assets);
        model.addAttribute("done", done);
        model.addAttribute("unlocked", unlocked);
        model.addAttribute("photoRefused", latestConsentRefused(visit, "PHOTO"));
        model.addAttribute("etag", answer.etag());
        model.addAttribute("typed", typed);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        model.addAttribute("findings", List.of());
        return "visit";
    }

    /** The steps the visit has done, by the names the forms use; {@code consent-PHOTO} while photos are allowed. */
    static List<String> done(JsonNode visit) {
        List<String> done = new ArrayList<>();
        if (!visit.path("checkedInAt").isNull() && !visit.path("checkedInAt").isMissingNode()) {
            done.add("check-in");
        }
        if (visit.path("siteChecklist").path("complete").asBoolean(false)) {
            done.add("site-checklist");
        }
        if (!visit.path("consents").isEmpty()) {
            done.add("consents");
        }
        for (String type : FieldSteps.CONSENT_TYPES) {
            if (latestConsent(visit, type) != null && !latestConsentRefused(visit, type)) {
                done.add("consent-" + type);
            }
        }
        for (String step : List.of("diagnosis", "inspection", "resolution")) {
            if (visit.path(step).isObject()) {
                done.add(step);
            }
        }
        if (visit.path("decision").isObject()) {
            done.add("options");
        }
        if (!visit.path("evidence").isEmpty()) {
            done.add("evidence");
        }
        if (visit.path("serviceForm").isObject()) {
            done.add("service-form");
        }
        if ("COMPLETED".equals(visit.path("status").asString())) {
            done.add("completion");
        }
        return done;
    }

    private static JsonNode latestConsent(JsonNode visit, String type) {
        JsonNode latest = null;
        for (JsonNode consent : visit.path("consents")) {
            if (type.equals(consent.path("type").asString())) {
                latest = consent;
            }
        }
        return latest;
    }

    static boolean latestConsentRefused(JsonNode visit, String type) {
        JsonNode latest = latestConsent(visit, type);
        return latest != null && latest.path("refused").asBoolean(false);
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
