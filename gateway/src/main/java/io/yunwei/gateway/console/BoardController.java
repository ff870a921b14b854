package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import tools.jackson.databind.JsonNode;

/**
 * The dispatcher's board: the dispatches under way with the explanation of each assignment (every candidate, why
 * they could or could not take it, the score and the deciding sentence), reassignment with a reason, and the
 * escalated tickets waiting for a person.
 */
@Controller
class BoardController {

    /** Dispatches that still hold an engineer's time. */
    private static final List<String> UNDER_WAY = List.of("ASSIGNED", "ACCEPTED", "SCHEDULED");

    private final ConsoleApi api;
    private final ApiProblems problems;

    BoardController(ConsoleApi api, MessageSource messages) {
        this.api = api;
        this.problems = new ApiProblems(messages);
    }

    /** What a dispatcher typed into one of the board's forms, kept when the API refuses it. */
    record Typed(String target, String engineerId, String reason, Map<String, List<String>> errors, List<String> general) {
    }

    @GetMapping("/board")
    String board(Model model) {
        return page(model, null);
    }

    @PostMapping("/board/dispatches/{id}/reassignment")
    String reassign(@PathVariable String id, @RequestParam(defaultValue = "") String engineerId,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String idempotencyKey,
            Model model, Locale locale) {
        ConsoleApi.Answer answer = api.post("/api/v1/dispatches/{id}/reassignment",
                Map.of("engineerId", engineerId.strip(), "reason", reason.strip()), key(idempotencyKey), id);
        return answer.ok() ? "redirect:/board" : page(model, typed(id, engineerId, reason, answer, locale));
    }

    @PostMapping("/board/escalations/{ticketId}/assignment")
    String assign(@PathVariable String ticketId, @RequestParam(defaultValue = "") String engineerId,
            @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "") String idempotencyKey,
            Model model, Locale locale) {
        ConsoleApi.Answer answer = api.post("/api/v1/escalations/{ticketId}/assignment",
                Map.of("engineerId", engineerId.strip(), "reason", reason.strip()), key(idempotencyKey), ticketId);
        return answer.ok() ? "redirect:/board" : page(model, typed(ticketId, engineerId, reason, answer, locale));
    }

    private Typed typed(String target, String engineerId, String reason, ConsoleApi.Answer answer, Locale locale) {
        ApiProblems.Shown shown = problems.show(answer, locale);
        return new Typed(target, engineerId, reason, shown.byField(), shown.general());
    }

    private static Map<String, String> key(String idempotencyKey) {
        return idempotencyKey.isBlank() ? Map.of() : Map.of("Idempotency-Key", idempotencyKey);
    }

    private String page(Model model, Typed typed) {
        // one call per status: the API filters by status, so each list is the dispatches that are in it
        List<JsonNode> underWay = new ArrayList<>();
        for (String status : UNDER_WAY) {
            ConsoleApi.Answer dispatches = api.get("/api/v1/dispatches?status={status}&size={size}", status, 200);
            if (dispatches.ok()) {
                dispatches.body().forEach(underWay::add);
            }
        }
        ConsoleApi.Answer escalations = api.get("/api/v1/escalations?size={size}", 50);
        List<JsonNode> waiting = new ArrayList<>();
        if (escalations.ok()) {
            escalations.body().path("content").forEach(waiting::add);
        }
        model.addAttribute("dispatches", underWay);
        model.addAttribute("escalations", waiting);
        model.addAttribute("typed", typed);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "board";
    }
}
