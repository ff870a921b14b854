package io.yunwei.gateway.console;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.util.MultiValueMap;

/**
 * What each form of the engineer's phone asks of the API: the handbook's steps on a visit, and the answers to a
 * dispatch. A form's fields become the request body the field and dispatch APIs take; the API validates it.
 */
final class FieldSteps {

    /** One call to the API: method, path (with the visit's or dispatch's id as its variable) and JSON body. */
    record Call(HttpMethod method, String path, Object body) {
    }

    /** The entry questions in the order they are asked at the door. */
    static final List<String> ENTRY_TOPICS = List.of("SHOE_COVERS", "ANTI_STATIC", "REGISTRATION", "OTHER_RULES");
    static final List<String> CONSENT_TYPES = List.of("SYSTEM_LOGIN", "TOOL_INSTALL", "PHOTO", "DEVICE_MOVE");
    /** Rows of the options and inspection forms. */
    static final int ROWS = 3;

    private FieldSteps() {
    }

    /** A photo the phone sent as a data URL: its bytes, and a file name by its type. */
    record Photo(String filename, byte[] content) {
    }

    /** The photo in a {@code data:image/…;base64,…} field, or null when there is none or it is not one. */
    static Photo photo(String dataUrl) {
        if (dataUrl == null || !dataUrl.startsWith("data:image/") || !dataUrl.contains(";base64,")) {
            return null;
        }
        String type = dataUrl.substring("data:image/".length(), dataUrl.indexOf(';'));
        try {
            byte[] content = Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1));
            return content.length == 0 ? null : new Photo("photo." + (type.equals("jpeg") ? "jpg" : type), content);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
    }

    /** The visit step a form posts to, or null when there is no such step. */
    static Call visitStep(String step, MultiValueMap<String, String> form, ZoneId zone) {
        String base = "/api/v1/visits/{id}/";
        return switch (step) {
            case "check-in" -> new Call(HttpMethod.POST, base + step, null);
            case "site-checklist" -> new Call(HttpMethod.PUT, base + step, checklist(form));
            case "consents" -> new Call(HttpMethod.POST, base + step, consent(form));
            case "diagnosis" -> new Call(HttpMethod.POST, base + step,
                    fields(form, "symptomRestated", "causeExplained"));
            case "options" -> new Call(HttpMethod.POST, base + step, options(form));
            case "decision" -> new Call(HttpMethod.POST, base + step, fields(form, "chosen", "decidedBy"));
            case "inspection" -> new Call(HttpMethod.POST, base + step, inspection(form));
            case "resolution" -> new Call(HttpMethod.POST, base + step, resolution(form));
            case "service-form" -> new Call(HttpMethod.POST, base + step, serviceForm(form));
            case "completion" -> new Call(HttpMethod.POST, base + step, completion(form, zone));
            default -> null;
        };
    }

    /** The answer to a dispatch a form posts, or null when there is no such answer. */
    static Call dispatchStep(String step, MultiValueMap<String, String> form, ZoneId zone) {
        String base = "/api/v1/dispatches/{id}/";
        return switch (step) {
            case "acceptance" -> new Call(HttpMethod.POST, base + step, null);
            case "declination" -> new Call(HttpMethod.POST, base + step, fields(form, "reason"));
            case "contact-attempts" -> {
                Map<String, Object> body = fields(form, "outcome", "note");
                body.put("at", time(form.getFirst("at"), zone));
                yield new Call(HttpMethod.POST, base + step, body);
            }
            case "appointment" -> {
                Map<String, Object> body = fields(form, "preNotice");
                body.put("windowStart", time(form.getFirst("windowStart"), zone));
                body.put("windowEnd", time(form.getFirst("windowEnd"), zone));
                Map<String, Object> contact = new LinkedHashMap<>();
                contact.put("name", blankToNull(form.getFirst("contactName")));
                contact.put("phone", blankToNull(form.getFirst("contactPhone")));
                body.put("contactOnArrival", contact);
                yield new Call(HttpMethod.POST, base + step, body);
            }
            default -> null;
        };
    }

    private static Map<String, Object> checklist(MultiValueMap<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uniformWorn", checked(form, "uniformWorn"));
        body.put("badgeShown", checked(form, "badgeShown"));
        List<Map<String, Object>> questions = new ArrayList<>();
        for (String topic : ENTRY_TOPICS) {
            if (!form.containsKey("answer." + topic)) {
                continue;
            }
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("topic", topic);
            question.put("asked", checked(form, "asked." + topic));
            question.put("answer", blankToNull(form.getFirst("answer." + topic)));
            question.put("complied", checked(form, "complied." + topic));
            question.put("note", blankToNull(form.getFirst("note." + topic)));
            questions.add(question);
        }
        body.put("questions", questions);
        return body;
    }

    private static Map<String, Object> consent(MultiValueMap<String, String> form) {
        Map<String, Object> body = fields(form, "type", "grantedBy");
        if ("REFUSED".equals(form.getFirst("answer"))) {
            body.put("refused", true);
        }
        return body;
    }

    private static Map<String, Object> options(MultiValueMap<String, String> form) {
        List<Map<String, Object>> options = new ArrayList<>();
        for (int row = 1; row <= ROWS; row++) {
            Map<String, Object> option = fields(form, "title" + row, "pros" + row, "cons" + row);
            if (option.values().stream().anyMatch(v -> v != null)) {
                options.add(Map.of("title", orEmpty(option.get("title" + row)), "pros", orEmpty(option.get("pros" + row)),
                        "cons", orEmpty(option.get("cons" + row))));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("options", options);
        body.put("recommended", blankToNull(form.getFirst("recommended")));
        return body;
    }

    private static Map<String, Object> inspection(MultiValueMap<String, String> form) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (int row = 1; row <= ROWS; row++) {
            String asset = blankToNull(form.getFirst("assetId" + row));
            if (asset == null) {
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("assetId", asset);
            item.put("status", blankToNull(form.getFirst("status" + row)));
            item.put("note", blankToNull(form.getFirst("note" + row)));
            items.add(item);
        }
        return Map.of("items", items);
    }

    private static Map<String, Object> resolution(MultiValueMap<String, String> form) {
        Map<String, Object> body = fields(form, "solution", "emergencyHandling", "maintenanceAdvice");
        List<String> actions = form.getOrDefault("actions", List.of()).stream()
                .filter(CONSENT_TYPES::contains).distinct().toList();
        body.put("actions", actions);
        return body;
    }

    private static Map<String, Object> serviceForm(MultiValueMap<String, String> form) {
        Map<String, Object> body = fields(form, "signerName", "signature");
        Map<String, Object> evaluation = new LinkedHashMap<>();
        String score = form.getFirst("score");
        evaluation.put("score", score == null || !score.strip().matches("\\d{1,2}") ? 0 : Integer.parseInt(score.strip()));
        evaluation.put("comment", blankToNull(form.getFirst("comment")));
        body.put("evaluation", evaluation);
        return body;
    }

    private static Map<String, Object> completion(MultiValueMap<String, String> form, ZoneId zone) {
        Map<String, Object> body = fields(form, "outcome", "nextVisitReason");
        body.put("cleanupDone", checked(form, "cleanupDone"));
        String proposed = form.getFirst("proposedNextVisitAt");
        if (proposed != null && !proposed.isBlank()) {
            body.put("proposedNextVisitAt", time(proposed, zone));
        }
        return body;
    }

    /** The named fields, stripped, blank ones as null (so the API says they are missing). */
    private static Map<String, Object> fields(MultiValueMap<String, String> form, String... names) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String name : names) {
            body.put(name, blankToNull(form.getFirst(name)));
        }
        return body;
    }

    private static boolean checked(MultiValueMap<String, String> form, String name) {
        String value = form.getFirst(name);
        return value != null && (value.equals("on") || value.equals("true"));
    }

    /** A time typed in the browser's {@code datetime-local} field, in the console's zone; kept as typed when unreadable. */
    static String time(String typed, ZoneId zone) {
        if (typed == null || typed.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(typed.strip()).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return typed.strip();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Object orEmpty(Object value) {
        return value == null ? "" : value;
    }
}
