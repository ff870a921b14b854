package io.yunwei.gateway.console;

import java.time.Clock;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A ticket as the board and the supervisor's page list it: what it is, where it stands, and the SLA target it must
 * meet next (the first of response, arrival and resolution not yet met), with the time left or over.
 */
record WatchedTicket(String id, String number, String status, String priority, String customerId, String symptom,
        String recordedAt, TicketProgress.SlaClock next) {

    static WatchedTicket of(JsonNode ticket, ZoneId zone, Clock clock) {
        TicketProgress.SlaClock next = null;
        for (TicketProgress.SlaClock target : TicketProgress.of(ticket, List.of(), List.of(), MissingNode.getInstance(),
                zone, clock, 0).clocks()) {
            if (!"MET".equals(target.state())) {
                next = target;
                break;
            }
        }
        return new WatchedTicket(ticket.path("id").asString(), ticket.path("number").asString(""),
                ticket.path("status").asString(""), ticket.path("priority").asString(""),
                ticket.path("customerId").asString(""), ticket.path("what").path("symptom").asString(""),
                TicketProgress.time(ticket.path("recordedAt"), zone), next);
    }

    /** The tickets of a page the ticket search answered; none when it refused. */
    static List<WatchedTicket> of(ConsoleApi.Answer page, ZoneId zone, Clock clock) {
        List<WatchedTicket> tickets = new ArrayList<>();
        if (page.ok()) {
            page.body().path("content").forEach(t -> tickets.add(of(t, zone, clock)));
        }
        return tickets;
    }

    /** How many tickets match in all, of which a page shows the first. */
    static long total(ConsoleApi.Answer page) {
        return page.ok() ? page.body().path("totalElements").asLong() : 0;
    }
}
