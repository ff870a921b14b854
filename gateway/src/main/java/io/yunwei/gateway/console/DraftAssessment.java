package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What intake says of a call not saved yet, as the desk shows it while the agent types: the completeness score with
 * each missing dimension by the field that asks for it, the courtesy findings by the field they were typed in, and the
 * open tickets the call likely repeats. When the API refused the draft, its problem in the agent's words instead.
 */
record DraftAssessment(boolean scored, long score, Map<String, String> missing, Map<String, List<JsonNode>> findings,
        List<JsonNode> duplicates, List<String> problems) {

    /** The six dimensions of 5W1H, each of which a report answers or lacks. */
    static final int DIMENSIONS = 6;

    /**
     * Asks intake to assess a report not saved yet ({@code POST /api/v1/tickets/assessment}): the one completeness
     * rule, the one recording applies, for every page that shows it as a report is typed. A problem names its field by
     * the page's own label for it ({@code labels} + the form field: the agent's field names, the customer's questions).
     */
    static DraftAssessment ask(ConsoleApi api, ApiProblems problems, Map<String, Object> draft, Locale locale,
            String labels) {
        Map<String, Object> body = new LinkedHashMap<>(draft);
        body.put("locale", locale.toLanguageTag());
        ConsoleApi.Answer answer = api.post("/api/v1/tickets/assessment", body, Map.of());
        if (answer.ok()) {
            return of(answer.body());
        }
        ApiProblems.Shown shown = problems.show(answer, locale);
        List<String> said = new ArrayList<>();
        shown.byField().forEach((field, messages) -> messages.forEach(message -> said.add(
                problems.messages().getMessage(labels + field, null, field, locale) + ": " + message)));
        said.addAll(shown.general());
        return refused(said);
    }

    static DraftAssessment of(JsonNode answer) {
        Map<String, String> missing = new LinkedHashMap<>();
        for (JsonNode dimension : answer.path("completeness").path("missing")) {
            missing.put(DeskController.DIMENSION_FIELDS.getOrDefault(dimension.asString(), dimension.asString()),
                    dimension.asString());
        }
        Map<String, List<JsonNode>> findings = new LinkedHashMap<>();
        for (JsonNode field : answer.path("courtesy")) {
            String formField = ApiProblems.formField(field.path("field").asString(""));
            List<JsonNode> found = new ArrayList<>();
            field.path("findings").forEach(found::add);
            findings.computeIfAbsent(formField == null ? field.path("field").asString("") : formField,
                    f -> new ArrayList<>()).addAll(found);
        }
        List<JsonNode> duplicates = new ArrayList<>();
        answer.path("duplicates").forEach(duplicates::add);
        return new DraftAssessment(true, Math.round(answer.path("completeness").path("score").asDouble() * 100), missing,
                findings, duplicates, List.of());
    }

    static DraftAssessment refused(List<String> problems) {
        return new DraftAssessment(false, 0, Map.of(), Map.of(), List.of(), problems);
    }

    /** Whether intake found the dimension ({@code WHEN}, {@code WHO}, … {@code HOW}) unanswered. */
    public boolean lacks(String dimension) {
        return missing.containsValue(dimension);
    }

    /** How many of the six dimensions the report answers, by intake's rule. */
    public int answered() {
        return DIMENSIONS - missing.size();
    }

    /** The same assessment without one ticket among the likely duplicates: a recorded ticket does not repeat itself. */
    DraftAssessment besides(String ticketId) {
        return new DraftAssessment(scored, score, missing, findings,
                duplicates.stream().filter(d -> !ticketId.equals(d.path("ticketId").asString())).toList(), problems);
    }
}
