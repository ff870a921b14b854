package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import tools.jackson.databind.JsonNode;

/**
 * The supervisor's page: the tickets that missed an SLA target and those closest to one (followed every few
 * seconds), the week's answers within three rings per agent, the first-time-fix and repeat-fault rates, the
 * knowledge articles drafted at closure and awaiting approval (approved from the page), and the notices still to be
 * read (closed tickets, disabled webhooks), each acknowledged from the page; and the texts each service refused to
 * pass to a customer for their wording over the last seven days, by category.
 */
@Controller
class SupervisorController {

    static final int DRAFTS_SHOWN = 50;

    private final ConsoleApi api;
    private final ApiProblems problems;
    private final ConsoleProperties console;
    private final Clock clock = Clock.systemUTC();

    SupervisorController(ConsoleApi api, MessageSource messages, ConsoleProperties console) {
        this.api = api;
        this.problems = new ApiProblems(messages);
        this.console = console;
    }

    @GetMapping("/supervisor")
    String inbox(Model model, Locale locale, Authentication user) {
        return page(model, List.of(), locale, user);
    }

    /** The SLA panel, followed every few seconds. */
    @GetMapping("/supervisor/sla")
    String sla(Model model) {
        slaPanel(model);
        return "supervisor :: sla";
    }

    @PostMapping("/supervisor/notifications/{id}/acknowledgement")
    String acknowledge(@PathVariable String id, Model model, Locale locale, Authentication user) {
        ConsoleApi.Answer answer = api.post("/api/v1/supervisor/notifications/{id}/acknowledgement", null, Map.of(), id);
        return answer.ok() ? "redirect:/supervisor" : page(model, problems.show(answer, locale).general(), locale, user);
    }

    /** Publishes a drafted article: from then on agents and engineers find it in the knowledge base. */
    @PostMapping("/supervisor/articles/{id}/approval")
    String approve(@PathVariable String id, Model model, Locale locale, Authentication user,
            RedirectAttributes redirect) {
        ConsoleApi.Answer answer = api.post("/api/v1/knowledge/articles/{id}/approval", null, Map.of(), id);
        if (answer.ok()) {
            redirect.addFlashAttribute("approved", answer.body().path("title").asString(id));
            return "redirect:/supervisor";
        }
        return page(model, problems.show(answer, locale).general(), locale, user);
    }

    private String page(Model model, List<String> general, Locale locale, Authentication user) {
        ConsoleApi.Answer inbox = api.get("/api/v1/supervisor/notifications?acknowledged=false&size={size}", 50);
        List<JsonNode> notices = new ArrayList<>();
        if (inbox.ok()) {
            inbox.body().path("content").forEach(notices::add);
        }
        ConsoleApi.Answer drafts = api.get("/api/v1/knowledge/articles?status=DRAFT&size={size}", DRAFTS_SHOWN);
        List<Draft> awaiting = new ArrayList<>();
        if (drafts.ok()) {
            drafts.body().forEach(a -> awaiting.add(Draft.of(a, console.zone())));
        }
        ConsoleApi.Answer threeRings = api.get("/api/v1/calls/three-rings");
        ConsoleApi.Answer fixRates = api.get("/api/v1/supervisor/fix-rates");
        Map<String, ConsoleApi.Answer> refusals = new LinkedHashMap<>();
        CourtesyRefusalTable.SERVICES.forEach(service -> refusals.put(service,
                api.get("/api/v1/admin/{service}/courtesy-refusals", service)));
        slaPanel(model);
        model.addAttribute("notices", notices);
        model.addAttribute("drafts", awaiting);
        model.addAttribute("draftsAnswered", drafts.ok());
        model.addAttribute("threeRings", threeRings.ok() ? threeRings.body() : null);
        model.addAttribute("fixRates", fixRates.ok() ? fixRates.body() : null);
        model.addAttribute("courtesyRefusals", CourtesyRefusalTable.of(refusals));
        model.addAttribute("general", inbox.ok() ? general : problems.show(inbox, locale).general());
        // an administrator sees the page, but approving an article is a supervisor's call
        model.addAttribute("mayApprove", user != null && user.getAuthorities().stream()
                .anyMatch(role -> "ROLE_SUPERVISOR".equals(role.getAuthority())));
        return "supervisor";
    }

    /** A knowledge article drafted at a ticket's closure, as the supervisor reads it before approving it. */
    record Draft(String id, String ticketId, String title, String symptoms, String cause, String solution,
            String draftedAt) {

        static Draft of(JsonNode article, java.time.ZoneId zone) {
            return new Draft(article.path("id").asString(), article.path("ticketId").asString(""),
                    article.path("title").asString(""), article.path("symptoms").asString(""),
                    article.path("cause").asString(""), article.path("solution").asString(""),
                    TicketProgress.time(article.path("draftedAt"), zone));
        }
    }

    /** Open tickets that missed a target (the longest overdue first) and those closest to their resolution target. */
    private void slaPanel(Model model) {
        ConsoleApi.Answer breached = api.get(
                "/api/v1/tickets?status={status}&slaBreached=true&sort=slaDue,asc&size={size}",
                BoardController.CLOCKS_RUNNING, BoardController.PANEL_SIZE);
        ConsoleApi.Answer atRisk = api.get(
                "/api/v1/tickets?status={status}&slaBreached=false&sort=slaDue,asc&size={size}",
                BoardController.CLOCKS_RUNNING, BoardController.PANEL_SIZE);
        model.addAttribute("breached", WatchedTicket.of(breached, console.zone(), clock));
        model.addAttribute("breachedTotal", WatchedTicket.total(breached));
        model.addAttribute("atRisk", WatchedTicket.of(atRisk, console.zone(), clock));
        model.addAttribute("ticketsAnswered", breached.ok() && atRisk.ok());
        model.addAttribute("updatedAt",
                LocalTime.now(clock.withZone(console.zone())).format(BoardController.UPDATED_AT));
    }
}
