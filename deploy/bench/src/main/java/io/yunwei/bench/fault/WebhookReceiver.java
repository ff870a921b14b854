package io.yunwei.bench.fault;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpServer;

import io.yunwei.bench.EventLog.Event;
import io.yunwei.bench.Gateway;
import io.yunwei.bench.Gateway.Call;
import io.yunwei.bench.Report;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An integrator's webhook endpoint for the fault suite: subscribed, as an administrator, to a few events of every
 * organisation on each topic, it checks each message's signature, records what it accepted, and can be taken down
 * (answering 503) for a fault. Afterwards it says which events of the run's tickets never arrived, which arrived out
 * of their ticket's order, and how many arrived again under the same {@code webhook-id}.
 */
final class WebhookReceiver implements AutoCloseable {

    static final List<String> EVENTS = List.of("ticket.opened.v1", "dispatch.assigned.v1", "visit.completed.v1",
            "ticket.closed.v1", "callback.scheduled.v1");

    /** One accepted message: its id (the event's), ticket, type and sequence. */
    record Delivery(String id, String ticketId, String type, long sequence, long atMillis) {
    }

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();
    private final ConcurrentLinkedQueue<Delivery> accepted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> badSignatures = new ConcurrentLinkedQueue<>();
    private volatile boolean down;
    private volatile long upAgainMillis;
    private volatile String secret;
    private String webhookId;

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
            int status;
            if (down) {
                status = 503;
            } else if (secret == null || !verified(id, timestamp, body, signatures)) {
                badSignatures.add(id);
                status = 401;
            } else {
                JsonNode message = json.readTree(body);
                accepted.add(new Delivery(id, message.path("data").path("ticketId").asString(),
                        message.path("type").asString(), message.path("data").path("sequence").asLong(),
                        System.currentTimeMillis()));
                status = 204;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    /** Subscribes to {@link #EVENTS} of every organisation, as an administrator. */
    void subscribe(Gateway gateway) {
        String events = String.join("\",\"", EVENTS);
        Gateway.Response created = gateway.send(Call.of("POST", "/api/v1/webhooks").as("admin").json(
                "{\"url\":\"http://127.0.0.1:%d/hooks\",\"events\":[\"%s\"],\"description\":\"fault suite\"}"
                        .formatted(server.getAddress().getPort(), events)));
        if (created.status() != 201) {
            throw new IllegalStateException("cannot subscribe the fault suite's webhook: " + created);
        }
        webhookId = created.text("id");
        secret = created.text("secret");
        Report.log("webhook %s subscribed to %s", webhookId, EVENTS);
    }

    void down(boolean down) {
        Report.log("  webhook receiver %s", down ? "down (answers 503)" : "up again");
        this.down = down;
        if (!down) {
            upAgainMillis = System.currentTimeMillis();
        }
    }

    private boolean verified(String id, String timestamp, String body, String signatures) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal((id + "." + timestamp + "." + body)
                    .getBytes(StandardCharsets.UTF_8)));
            return List.of(signatures.split(" ")).contains(expected);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the receiver got against what it should have: the events of the given tickets of the subscribed types. */
    Check check(Set<String> tickets, Map<String, List<Event>> eventsByTicket) {
        Map<String, Delivery> first = new HashMap<>();
        int again = 0;
        for (Delivery delivery : accepted) {
            if (first.putIfAbsent(delivery.id(), delivery) != null) {
                again++;
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> outOfOrder = new ArrayList<>();
        int expected = 0;
        int received = 0;
        long lastWaitingArrival = upAgainMillis;
        for (String ticket : tickets) {
            Set<String> seen = new HashSet<>();
            Map<String, Long> lastSequencePerTopic = new HashMap<>();
            List<Event> wanted = eventsByTicket.getOrDefault(ticket, List.of()).stream()
                    .filter(event -> EVENTS.contains(event.type())).filter(event -> seen.add(event.id())).toList();
            expected += wanted.size();
            received += (int) wanted.stream().filter(event -> first.containsKey(event.id())).count();
            wanted.stream().filter(event -> !first.containsKey(event.id()))
                    .forEach(event -> missing.add(ticket + " " + event.type() + " (" + event.id() + ")"));
            for (Event event : wanted) {
                Delivery arrival = first.get(event.id());
                if (arrival != null && upAgainMillis > 0 && event.time().toEpochMilli() < upAgainMillis) {
                    lastWaitingArrival = Math.max(lastWaitingArrival, arrival.atMillis());
                }
            }
            // per topic, the first arrivals of one ticket's messages must follow their sequence
            wanted.stream().filter(event -> first.containsKey(event.id()))
                    .sorted((a, b) -> Long.compare(first.get(a.id()).atMillis(), first.get(b.id()).atMillis()))
                    .forEach(event -> {
                        Long last = lastSequencePerTopic.put(event.topic(), event.sequence());
                        if (last != null && last > event.sequence()) {
                            outOfOrder.add(ticket + " " + event.topic() + " sequence " + event.sequence() + " after " + last);
                        }
                    });
        }
        return new Check(expected, received, again, missing, outOfOrder, new ArrayList<>(badSignatures),
                upAgainMillis == 0 ? 0 : (lastWaitingArrival - upAgainMillis) / 1000.0);
    }

    /**
     * @param expected messages the run's tickets should have produced
     * @param received of those, how many were accepted
     * @param again messages accepted again under a {@code webhook-id} already accepted (at-least-once; dropped by id)
     * @param catchUpSeconds from the receiver coming back until the last message that waited for it arrived
     */
    record Check(int expected, int received, int again, List<String> missing, List<String> outOfOrder,
            List<String> badSignatures, double catchUpSeconds) {

        boolean ok() {
            return missing.isEmpty() && outOfOrder.isEmpty() && badSignatures.isEmpty();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
