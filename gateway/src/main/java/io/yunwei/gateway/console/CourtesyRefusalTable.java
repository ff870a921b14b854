package io.yunwei.gateway.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * The texts each service refused to pass to a customer for their wording, as the supervisor's page shows them: one
 * row per category, one column per service (empty where the service could not be read), and the people stopped most
 * often ({@code unread} when no service could be read). Built from each service's
 * {@code GET /api/v1/admin/{service}/courtesy-refusals}.
 */
record CourtesyRefusalTable(String from, String to, List<String> services, List<Row> rows, Row total,
        List<Person> people, List<String> unavailable, boolean unread) {

    static final List<String> SERVICES = List.of("intake", "dispatch", "field", "followup");
    static final List<String> CATEGORIES = List.of("FORM_OF_ADDRESS", "DEFLECTION", "VAGUENESS", "IMPATIENCE");
    static final int PEOPLE_SHOWN = 10;

    /** One category (or all refusals, {@code category} null): its count per service, null where unread, and in all. */
    record Row(String category, List<Long> counts, long sum) {
    }

    /** Someone the service stopped from saying a text to a customer, and how many times. */
    record Person(String actor, String service, long refusals) {
    }

    /** The table from each service's answer, by service name; an answer that is no report leaves its column empty. */
    static CourtesyRefusalTable of(Map<String, ConsoleApi.Answer> answers) {
        Map<String, JsonNode> reports = new LinkedHashMap<>();
        List<String> unavailable = new ArrayList<>();
        for (String service : SERVICES) {
            ConsoleApi.Answer answer = answers.get(service);
            if (answer != null && answer.ok() && answer.body().has("categories")) {
                reports.put(service, answer.body());
            } else {
                unavailable.add(service);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (String category : CATEGORIES) {
            rows.add(row(category, reports, report -> report.path("categories").path(category).asLong(0)));
        }
        Row total = row(null, reports, report -> report.path("refusals").asLong(0));
        List<Person> people = new ArrayList<>();
        reports.forEach((service, report) -> report.path("actors").forEach(actor -> people.add(
                new Person(actor.path("actor").asString(""), service, actor.path("refusals").asLong(0)))));
        people.sort(Comparator.comparingLong(Person::refusals).reversed().thenComparing(Person::actor)
                .thenComparing(Person::service));
        JsonNode first = reports.values().stream().findFirst().orElse(null);
        return new CourtesyRefusalTable(first == null ? "" : first.path("from").asString(""),
                first == null ? "" : first.path("to").asString(""), SERVICES, rows, total,
                List.copyOf(people.subList(0, Math.min(PEOPLE_SHOWN, people.size()))), List.copyOf(unavailable),
                reports.isEmpty());
    }

    private static Row row(String category, Map<String, JsonNode> reports,
            java.util.function.ToLongFunction<JsonNode> count) {
        List<Long> counts = new ArrayList<>();
        long sum = 0;
        for (String service : SERVICES) {
            JsonNode report = reports.get(service);
            Long value = report == null ? null : count.applyAsLong(report);
            counts.add(value);
            sum += value == null ? 0 : value;
        }
        return new Row(category, java.util.Collections.unmodifiableList(counts), sum);
    }
}
