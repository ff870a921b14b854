package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What intake says of a call not saved yet, as the desk shows it while the agent types: the completeness score with
 * each missing dimension by the field that asks for it, the courtesy findings by the field they were typed in, and the
 * open tickets the call likely repeats. When the API refused the draft, its problem in the agent's words instead.
 */
record DraftAssessment(boolean scored, long score, Map<String, String> missing, Map<String, List<JsonNode>> findings,
        List<JsonNode> duplicates, List<String> problems) {

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
}
