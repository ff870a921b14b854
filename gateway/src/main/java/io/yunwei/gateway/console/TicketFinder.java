package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.JsonNode;

/**
 * Finds tickets for the caller on the line: words in Chinese or English over the record, the reporter, the customer,
 * the equipment and the ticket number, narrowed by status, as intake's search answers (best matches first while words
 * are given, newest first otherwise), each with the words that matched.
 */
@Controller
class TicketFinder {

    static final int PAGE_SIZE = 20;
    /** The statuses offered as filters, in the order a ticket passes through them. */
    static final List<String> STATUSES = List.of("RECORDED", "OPEN", "ASSIGNED", "ACCEPTED", "SCHEDULED", "ON_SITE",
            "AWAITING_CUSTOMER", "REVISIT_NEEDED", "ESCALATED", "RESOLVED", "CLOSED", "REOPENED", "CANCELLED");

    private final ConsoleApi api;
    private final ConsoleProperties console;
    private final ApiProblems problems;

    TicketFinder(ConsoleApi api, ConsoleProperties console, MessageSource messages) {
        this.api = api;
        this.console = console;
        this.problems = new ApiProblems(messages);
    }

    /** A ticket found: the ticket as the API lists it, and its matched words, each split where the match is. */
    record Found(JsonNode ticket, String recordedAt, List<List<Part>> matches) {
    }

    /** A piece of a matched passage: the words as they are, and whether they are the ones that matched. */
    record Part(String text, boolean match) {
    }

    @GetMapping("/desk/search")
    String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
            @RequestParam(defaultValue = "0") int page, Model model, Locale locale) {
        String words = q.strip();
        String state = STATUSES.contains(status) ? status : "";
        int shown = Math.max(0, page);
        model.addAttribute("q", words);
        model.addAttribute("status", state);
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("page", shown);
        // only what was asked: an empty word or status is no filter
        List<Object> values = new ArrayList<>();
        StringBuilder path = new StringBuilder("/api/v1/tickets?sort={sort}&page={page}&size={size}");
        values.addAll(List.of(words.isEmpty() ? "recordedAt,desc" : "relevance", shown, PAGE_SIZE));
        if (!words.isEmpty()) {
            path.append("&q={q}");
            values.add(words);
        }
        if (!state.isEmpty()) {
            path.append("&status={status}");
            values.add(state);
        }
        ConsoleApi.Answer answer = api.get(path.toString(), values.toArray());
        if (!answer.ok()) {
            model.addAttribute("found", List.of());
            model.addAttribute("total", 0);
            model.addAttribute("general", problems.show(answer, locale).general());
            return "search";
        }
        JsonNode highlights = answer.body().path("highlights");
        List<Found> found = new ArrayList<>();
        for (JsonNode ticket : answer.body().path("content")) {
            List<List<Part>> matches = new ArrayList<>();
            highlights.path(ticket.path("id").asString()).forEach(passages -> passages
                    .forEach(passage -> matches.add(parts(passage.asString()))));
            found.add(new Found(ticket, TicketProgress.time(ticket.path("recordedAt"), console.zone()), matches));
        }
        model.addAttribute("found", found);
        model.addAttribute("total", answer.body().path("totalElements").asLong());
        model.addAttribute("more", (shown + 1L) * PAGE_SIZE < answer.body().path("totalElements").asLong());
        model.addAttribute("general", List.of());
        return "search";
    }

    /**
     * A passage as the search marks it ({@code <em>} around what matched, the rest HTML-escaped) in pieces the page
     * shows as text, so no markup from a ticket's words ever reaches the page as markup.
     */
    static List<Part> parts(String passage) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < passage.length()) {
            int open = passage.indexOf("<em>", at);
            if (open < 0) {
                parts.add(new Part(HtmlUtils.htmlUnescape(passage.substring(at)), false));
                break;
            }
            if (open > at) {
                parts.add(new Part(HtmlUtils.htmlUnescape(passage.substring(at, open)), false));
            }
            int close = passage.indexOf("</em>", open);
            int end = close < 0 ? passage.length() : close;
            parts.add(new Part(HtmlUtils.htmlUnescape(passage.substring(open + 4, end)), true));
            at = close < 0 ? passage.length() : close + 5;
        }
        return parts;
    }
}
