package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
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

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.JsonNode;

/**
 * The dispatcher's board: the tickets waiting for an engineer and those closest to missing their SLA, the engineers
 * with their shift, load and today's appointments (these panels follow the API every few seconds), the dispatches
 * under way with the explanation of each assignment (every candidate, why they could or could not take it, the
 * score and the deciding sentence), reassignment with a reason, and the escalated tickets waiting for a person (these
 * too follow the API, keeping what the dispatcher typed).
 */
@Controller
class BoardController {

    /** Dispatches that still hold an engineer's time. */
    private static final List<String> UNDER_WAY = List.of("ASSIGNED", "ACCEPTED", "SCHEDULED");

    /** Tickets no engineer holds: just opened, found broken again, or given up on by the assignment. */
    static final String WAITING = "OPEN,REOPENED,ESCALATED";

    /** Tickets whose SLA clocks run (a customer's decision pauses them). */
    static final String CLOCKS_RUNNING = "OPEN,ASSIGNED,ACCEPTED,SCHEDULED,ON_SITE,REVISIT_NEEDED,ESCALATED,REOPENED";

    static final int PANEL_SIZE = 20;

    static final DateTimeFormatter UPDATED_AT = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ConsoleApi api;
    private final ApiProblems problems;
    private final ConsoleProperties console;
    private final Clock clock = Clock.systemUTC();

    BoardController(ConsoleApi api, MessageSource messages, ConsoleProperties console) {
        this.api = api;
        this.problems = new ApiProblems(messages);
        this.console = console;
    }

    /** What a dispatcher typed into one of the board's forms, kept when the API refuses it. */
    record Typed(String target, String engineerId, String reason, Map<String, List<String>> errors, List<String> general) {
    }

    @GetMapping("/board")
    String board(Model model) {
        return page(model, null);
    }

    /** The waiting and at-risk tickets, for the panel that follows them every few seconds. */
    @GetMapping("/board/tickets")
    String tickets(Model model) {
        ticketPanels(model);
        return "board :: tickets";
    }

    /** The engineers' panel, followed every few seconds. */
    @GetMapping("/board/engineers")
    String engineers(Model model) {
        engineersPanel(model);
        return "board :: engineers";
    }

    /**
     * The waiting tickets (newest first: where new work shows up) and those closest to their resolution target that
     * have not yet missed it, as the ticket search orders them.
     */
    private void ticketPanels(Model model) {
        ConsoleApi.Answer waiting = api.get("/api/v1/tickets?status={status}&sort=recordedAt,desc&size={size}",
                WAITING, PANEL_SIZE);
        ConsoleApi.Answer atRisk = api.get(
                "/api/v1/tickets?status={status}&slaBreached=false&sort=slaDue,asc&size={size}", CLOCKS_RUNNING,
                PANEL_SIZE);
        model.addAttribute("waiting", WatchedTicket.of(waiting, console.zone(), clock));
        model.addAttribute("waitingTotal", WatchedTicket.total(waiting));
        model.addAttribute("atRisk", WatchedTicket.of(atRisk, console.zone(), clock));
        model.addAttribute("ticketsAnswered", waiting.ok() && atRisk.ok());
        model.addAttribute("updatedAt", LocalTime.now(clock.withZone(console.zone())).format(UPDATED_AT));
    }

    private void engineersPanel(Model model) {
        ConsoleApi.Answer roster = api.get("/api/v1/engineers?size={size}", 200);
        ConsoleApi.Answer scheduled = api.get("/api/v1/dispatches?status=SCHEDULED&size={size}", 200);
        List<JsonNode> booked = new ArrayList<>();
        if (scheduled.ok()) {
            scheduled.body().forEach(booked::add);
        }
        List<EngineerOnBoard> engineers = new ArrayList<>();
        if (roster.ok()) {
            roster.body().path("content").forEach(e -> engineers.add(EngineerOnBoard.of(e, booked, console.zone(), clock)));
        }
        model.addAttribute("engineers", engineers);
        model.addAttribute("engineersAnswered", roster.ok());
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

    /**
     * The dispatches under way and the escalations, followed every few seconds. The board keeps each form and each
     * opened explanation as it was in the browser (htmx's {@code hx-preserve}), so what a dispatcher typed survives.
     */
    @GetMapping("/board/work")
    String work(Model model, HttpServletResponse response) {
        workPanels(model);
        model.addAttribute("typed", null);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        if (Boolean.FALSE.equals(model.getAttribute("workAnswered"))) {
            // an empty panel would take the dispatcher's forms with it: the panel stays as last read, and says so
            response.setHeader("HX-Reswap", "none");
            model.addAttribute("stateOutOfBand", true);
            return "board :: workState";
        }
        return "board :: work";
    }

    private String page(Model model, Typed typed) {
        workPanels(model);
        ticketPanels(model);
        engineersPanel(model);
        model.addAttribute("typed", typed);
        model.addAttribute("idempotencyKey", UUID.randomUUID().toString());
        return "board";
    }

    private void workPanels(Model model) {
        // one call per status: the API filters by status, so each list is the dispatches that are in it
        List<JsonNode> underWay = new ArrayList<>();
        boolean dispatchesAnswered = true;
        for (String status : UNDER_WAY) {
            ConsoleApi.Answer dispatches = api.get("/api/v1/dispatches?status={status}&size={size}", status, 200);
            if (dispatches.ok()) {
                dispatches.body().forEach(underWay::add);
            }
            dispatchesAnswered &= dispatches.ok();
        }
        ConsoleApi.Answer escalations = api.get("/api/v1/escalations?size={size}", 50);
        List<JsonNode> waiting = new ArrayList<>();
        if (escalations.ok()) {
            escalations.body().path("content").forEach(waiting::add);
        }
        model.addAttribute("dispatches", underWay);
        model.addAttribute("escalations", waiting);
        model.addAttribute("workAnswered", dispatchesAnswered && escalations.ok());
        model.addAttribute("stateOutOfBand", false);
        model.addAttribute("updatedAt", LocalTime.now(clock.withZone(console.zone())).format(UPDATED_AT));
    }
}
