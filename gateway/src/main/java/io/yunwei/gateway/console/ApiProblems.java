package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Shows an RFC 9457 problem from the API in the user's language: each error the problem names a field for goes next
 * to the form field that field came from; the rest goes above the form. A code the console knows is said in its own
 * words ({@code problem.<CODE>} in the messages), with the API's English detail kept beside it.
 */
final class ApiProblems {

    /** A problem as the page shows it: messages by form field, and those that concern the whole form. */
    record Shown(Map<String, List<String>> byField, List<String> general) {
    }

    /** The request's field paths the API names, and the form fields they were typed in. */
    private static final Map<String, String> FORM_FIELDS = Map.ofEntries(
            Map.entry("customerId", "customerId"), Map.entry("siteId", "siteId"), Map.entry("assetIds", "assetIds"),
            Map.entry("reporter.name", "reporterName"), Map.entry("reporter.phone", "reporterPhone"),
            Map.entry("when", "occurredAt"), Map.entry("when.occurredAt", "occurredAt"),
            Map.entry("who.reportedBy", "reportedBy"), Map.entry("who.affectedUsers", "affectedUsers"),
            Map.entry("where.location", "location"), Map.entry("what.symptom", "symptom"),
            Map.entry("what.errorMessages", "errorMessages"), Map.entry("why.suspectedCause", "suspectedCause"),
            Map.entry("how.discoveredHow", "discoveredHow"), Map.entry("how.impact", "impact"),
            Map.entry("how.urgency", "urgency"), Map.entry("confirmedBy", "confirmedBy"),
            Map.entry("summaryReadBack", "summaryReadBack"), Map.entry("engineerId", "engineerId"),
            Map.entry("reason", "reason"),
            // the engineer's phone: the visit's steps and the answers to a dispatch
            Map.entry("grantedBy", "grantedBy"), Map.entry("type", "type"),
            Map.entry("symptomRestated", "symptomRestated"), Map.entry("causeExplained", "causeExplained"),
            Map.entry("options", "title1"), Map.entry("recommended", "recommended"), Map.entry("chosen", "chosen"),
            Map.entry("decidedBy", "decidedBy"), Map.entry("items", "assetId1"), Map.entry("photo", "photo"),
            Map.entry("solution", "solution"), Map.entry("emergencyHandling", "emergencyHandling"),
            Map.entry("maintenanceAdvice", "maintenanceAdvice"), Map.entry("signerName", "signerName"),
            Map.entry("signature", "signature"), Map.entry("evaluation", "score"),
            Map.entry("evaluation.comment", "comment"), Map.entry("outcome", "outcome"),
            Map.entry("nextVisitReason", "nextVisitReason"), Map.entry("proposedNextVisitAt", "proposedNextVisitAt"),
            Map.entry("at", "at"), Map.entry("note", "note"), Map.entry("windowStart", "windowStart"),
            Map.entry("windowEnd", "windowEnd"), Map.entry("contactOnArrival.name", "contactName"),
            Map.entry("contactOnArrival.phone", "contactPhone"), Map.entry("preNotice", "preNotice"));

    private final MessageSource messages;

    ApiProblems(MessageSource messages) {
        this.messages = messages;
    }

    MessageSource messages() {
        return messages;
    }

    Shown show(ConsoleApi.Answer answer, Locale locale) {
        JsonNode problem = answer.body();
        String code = problem.path("code").asString("");
        Map<String, List<String>> byField = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            String field = formField(error.path("field").asString(""));
            String said = fieldMessage(code, error.path("message").asString(""), locale);
            if (field == null) {
                general.add(said);
            } else {
                byField.computeIfAbsent(field, f -> new ArrayList<>()).add(said);
            }
        }
        if (byField.isEmpty() && general.isEmpty()) {
            general.add(messages.getMessage("problem." + code, null,
                    messages.getMessage("problem.other", new Object[] {answer.status(), problem.path("detail").asString("")},
                            locale), locale));
        }
        // a refused completion or an unfinished checklist: every step still missing, each in the person's words
        for (String list : List.of("missingSteps", "missing")) {
            for (JsonNode missing : problem.path(list)) {
                general.add(messages.getMessage("missingStep." + missing.asString(), null, missing.asString(), locale));
            }
        }
        return new Shown(byField, general);
    }

    /** A problem the console itself answers with, shaped as the API's are. */
    static JsonNode problem(String code, String field, String message) {
        ObjectNode problem = JsonNodeFactory.instance.objectNode().put("code", code);
        if (field != null) {
            problem.putArray("errors").addObject().put("field", field).put("message", message);
        }
        return problem;
    }

    String message(String key, Locale locale) {
        return messages.getMessage(key, null, locale);
    }

    private String fieldMessage(String code, String apiMessage, Locale locale) {
        String known = messages.getMessage("problem." + code, null, null, locale);
        return known != null && !"VALIDATION_FAILED".equals(code) ? known
                : messages.getMessage("problem.field", new Object[] {apiMessage}, locale);
    }

    /** {@code what.errorMessages[2]} is typed in {@code errorMessages}; a field the form does not have is null. */
    static String formField(String apiField) {
        String path = apiField.replaceAll("\\[\\d+]", "").replaceAll("\\.<[^>]+>", "");
        while (!path.isEmpty()) {
            String field = FORM_FIELDS.get(path);
            if (field != null) {
                return field;
            }
            int dot = path.lastIndexOf('.');
            if (dot < 0) {
                return null;
            }
            path = path.substring(0, dot);
        }
        return null;
    }
}
