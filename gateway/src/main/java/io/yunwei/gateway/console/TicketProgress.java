package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Where an opened ticket stands, for the agent who answers the caller: its SLA clocks, each dispatch with the reason
 * its engineer was chosen, each visit with its evidence photos and signed service form, the incident report once
 * closed, and every event of the ticket from every service, in order. Read from the API with the agent's own token;
 * what the agent may not see is left out rather than failing the page.
 *
 * @param unreadable the status of a read the API could not answer just now (429, 5xx), which left part of the
 *        progress out; 0 when every read was answered. The page says so rather than show less as if it were all.
 */
record TicketProgress(List<SlaClock> clocks, String pausedSince, List<DispatchRow> dispatches, List<VisitRow> visits,
        List<Step> timeline, boolean reportIssued, int unreadable) {

    /** One SLA target: when it is due, and whether it was met, breached, warned of, paused or still running. */
    record SlaClock(String target, String due, String state, long minutesLeft) {
    }

    record DispatchRow(String id, String engineerId, String status, String reason, String appointment) {
    }

    record VisitRow(String id, String engineerId, String status, boolean formSigned, List<Photo> evidence) {
    }

    /** A photo the engineer took on site: its id on the visit and what it shows (its caption, else its file name). */
    record Photo(String id, String description) {
    }

    record Step(String at, String type, String source) {
    }

    /** Dispatches and visits of one ticket are numbered from 1 ({@code <ticket>-D1}); a ticket rarely has many. */
    private static final int MOST_CHILDREN = 20;
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** Reads what the agent may see of the ticket's dispatches, visits and timeline from the API. */
    static TicketProgress read(ConsoleApi api, JsonNode ticket, ZoneId zone, Clock clock) {
        String id = ticket.path("id").asString();
        ConsoleApi.Answer events = api.get("/api/v1/tickets/{id}/timeline", id);
        Children dispatches = children(api, "/api/v1/dispatches/{id}", id, 'D');
        Children visits = children(api, "/api/v1/visits/{id}", id, 'V');
        int unreadable = IntStream.of(unanswered(events), dispatches.unanswered(), visits.unanswered())
                .filter(status -> status != 0).findFirst().orElse(0);
        return of(ticket, dispatches.found(), visits.found(), events.ok() ? events.body() : MissingNode.getInstance(),
                zone, clock, unreadable);
    }

    static TicketProgress of(JsonNode ticket, List<JsonNode> dispatchesRead, List<JsonNode> visitsRead,
            JsonNode events, ZoneId zone, Clock clock, int unreadable) {
        JsonNode slaClock = ticket.path("slaClock");
        String pausedSince = time(slaClock.path("pausedSince"), zone);
        List<SlaClock> clocks = new ArrayList<>();
        for (String target : List.of("RESPONSE", "ARRIVAL", "RESOLUTION")) {
            JsonNode due = ticket.path("sla").path(target.toLowerCase(Locale.ROOT) + "Due");
            if (!due.isString()) {
                continue;
            }
            String state = contains(slaClock.path("met"), target) ? "MET"
                    : contains(slaClock.path("breached"), target) ? "BREACHED"
                    : pausedSince != null ? "PAUSED"
                    : contains(slaClock.path("warned"), target) ? "WARNED" : "RUNNING";
            long left = Duration.between(clock.instant(), Instant.parse(due.asString())).toMinutes();
            clocks.add(new SlaClock(target, time(due, zone), state, left));
        }
        List<DispatchRow> dispatches = new ArrayList<>();
        for (JsonNode d : dispatchesRead) {
            JsonNode window = d.path("appointment");
            String appointment = window.isObject() ? time(window.path("windowStart"), zone) + " – "
                    + time(window.path("windowEnd"), zone) : null;
            dispatches.add(new DispatchRow(d.path("id").asString(), d.path("engineerId").asString(),
                    d.path("status").asString(), text(d.path("explanation").path("reason")), appointment));
        }
        List<VisitRow> visits = new ArrayList<>();
        for (JsonNode v : visitsRead) {
            List<Photo> photos = new ArrayList<>();
            for (JsonNode e : v.path("evidence")) {
                String caption = text(e.path("caption"));
                photos.add(new Photo(e.path("id").asString(),
                        caption == null || caption.isBlank() ? e.path("filename").asString("") : caption));
            }
            visits.add(new VisitRow(v.path("id").asString(), v.path("engineerId").asString(),
                    v.path("status").asString(), v.path("serviceForm").isObject(), photos));
        }
        List<Step> timeline = new ArrayList<>();
        boolean reportIssued = false;
        for (JsonNode event : events) {
            String type = event.path("type").asString();
            reportIssued |= type.startsWith("incident-report.issued");
            // the service that raised it, by name: its CloudEvents source is /yunwei/<service>
            timeline.add(new Step(time(event.path("at"), zone), type,
                    event.path("source").asString().replaceFirst("^/yunwei/", "")));
        }
        return new TicketProgress(clocks, pausedSince, dispatches, visits, timeline, reportIssued, unreadable);
    }

    /** {@code <ticket>-D1}, {@code -D2}, … for as long as the API has them. */
    private static Children children(ConsoleApi api, String path, String ticketId, char kind) {
        List<JsonNode> found = new ArrayList<>();
        for (int n = 1; n <= MOST_CHILDREN; n++) {
            ConsoleApi.Answer answer = api.get(path, ticketId + "-" + kind + n);
            if (!answer.ok()) {
                return new Children(found, unanswered(answer));
            }
            found.add(answer.body());
        }
        return new Children(found, 0);
    }

    /** The children read until the first that is not there, and the status of a read that was not answered. */
    private record Children(List<JsonNode> found, int unanswered) {
    }

    /**
     * 0 for an answer, for what is not there (which ends a ticket's dispatches and visits) and for what the agent may
     * not see; otherwise the status of a read the API could not answer just now.
     */
    private static int unanswered(ConsoleApi.Answer answer) {
        int status = answer.status();
        return answer.ok() || status == 403 || status == 404 ? 0 : status;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asString())) {
                return true;
            }
        }
        return false;
    }

    /** An instant of the API as the console shows times: minutes, in the call centre's zone. */
    static String time(JsonNode instant, ZoneId zone) {
        return instant.isString() ? SHOWN.format(Instant.parse(instant.asString()).atZone(zone)) : null;
    }

    private static String text(JsonNode node) {
        return node.isString() ? node.asString() : null;
    }
}
