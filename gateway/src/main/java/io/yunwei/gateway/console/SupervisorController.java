package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

import tools.jackson.databind.JsonNode;

/** The supervisor's inbox: the notices of closed tickets still to be read, each acknowledged from the page. */
@Controller
class SupervisorController {

    private final ConsoleApi api;
    private final ApiProblems problems;

    SupervisorController(ConsoleApi api, MessageSource messages) {
        this.api = api;
        this.problems = new ApiProblems(messages);
    }

    @GetMapping("/supervisor")
    String inbox(Model model, Locale locale) {
        return page(model, List.of(), locale);
    }

    @PostMapping("/supervisor/notifications/{id}/acknowledgement")
    String acknowledge(@PathVariable String id, Model model, Locale locale) {
        ConsoleApi.Answer answer = api.post("/api/v1/supervisor/notifications/{id}/acknowledgement", null, Map.of(), id);
        return answer.ok() ? "redirect:/supervisor" : page(model, problems.show(answer, locale).general(), locale);
    }

    private String page(Model model, List<String> general, Locale locale) {
        ConsoleApi.Answer inbox = api.get("/api/v1/supervisor/notifications?acknowledged=false&size={size}", 50);
        List<JsonNode> notices = new ArrayList<>();
        if (inbox.ok()) {
            inbox.body().path("content").forEach(notices::add);
        }
        model.addAttribute("notices", notices);
        model.addAttribute("general", inbox.ok() ? general : problems.show(inbox, locale).general());
        return "supervisor";
    }
}
