package io.yunwei.bench.sweep;

import java.util.Optional;

import io.yunwei.bench.Gateway;
import io.yunwei.bench.Lifecycle;
import io.yunwei.bench.Report;
import io.yunwei.bench.Target;

/**
 * Real objects the sweep aims at: an acme ticket taken through its whole lifecycle, an acme ticket left assigned
 * (for transitions out of order) and a globex ticket through its whole lifecycle (for another tenant's ids).
 */
final class Fixtures {

    record Tenant(String ticket, String engineer, String callback, String revisit) {
    }

    final Tenant acme;
    final Tenant acmeOpen;
    final Tenant globex;

    private Fixtures(Tenant acme, Tenant acmeOpen, Tenant globex) {
        this.acme = acme;
        this.acmeOpen = acmeOpen;
        this.globex = globex;
    }

    static Fixtures create(Gateway gateway) {
        Tenant acme = finished(gateway, "acme", "acme-hq", "acme-ups-01");
        Tenant globex = finished(gateway, "globex", "globex-dc", "globex-sw-01");
        Gateway.Response created = gateway.send(Gateway.Call.of("POST", "/api/v1/tickets").as("agent")
                .json(Lifecycle.ticketBody("acme", "acme-hq", "acme-ups-01")));
        String open = created.text("id");
        gateway.post("agent", "/api/v1/tickets/" + open + "/read-back",
                "{\"confirmedBy\":\"张伟\",\"summaryReadBack\":\"机房 UPS 告警灯闪烁\"}");
        String engineer = null;
        for (int i = 0; i < 120 && engineer == null; i++) {
            engineer = gateway.get("agent", "/api/v1/tickets/" + open).text("engineerId");
            if (engineer == null) {
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
            }
        }
        Report.log("fixtures: acme ticket %s (closed, engineer %s), acme ticket %s (assigned to %s), globex ticket %s",
                acme.ticket, acme.engineer, open, engineer, globex.ticket);
        return new Fixtures(acme, new Tenant(open, engineer, null, null), globex);
    }

    private static Tenant finished(Gateway gateway, String customer, String site, String asset) {
        Lifecycle.Outcome outcome = new Lifecycle(gateway, (step, at, response) -> {
        }, java.time.Duration.ofSeconds(300)).run(customer, site, asset);
        if (!outcome.finished()) {
            throw new IllegalStateException("cannot build the " + customer + " fixture: " + outcome.failure());
        }
        String ticket = outcome.ticketId();
        String engineer = gateway.get("agent", "/api/v1/tickets/" + ticket).text("engineerId");
        String callback = first(gateway.get("agent", "/api/v1/callbacks?ticketId=" + ticket)).orElse(ticket + "-C1");
        String revisit = first(gateway.get("agent", "/api/v1/revisits?ticketId=" + ticket)).orElse(ticket + "-R1");
        return new Tenant(ticket, engineer, callback, revisit);
    }

    private static Optional<String> first(Gateway.Response list) {
        var json = list.json();
        var items = json.isArray() ? json : json.path("content");
        return items.isEmpty() ? Optional.empty() : Optional.ofNullable(items.get(0).path("id").asString(null));
    }

    /** A valid value for a body field that names another object. */
    String forField(String lower) {
        return switch (lower) {
            case "customerid" -> "acme";
            case "siteid" -> "acme-hq";
            case "assetid", "assetids", "asset" -> "acme-ups-01";
            case "engineerid" -> acmeOpen.engineer == null ? "eng-wang" : acmeOpen.engineer;
            case "ticketid" -> acme.ticket;
            default -> null;
        };
    }

    /** The value of a path parameter, by the collection the path names before it. */
    String pathValue(String collection, Tenant tenant, boolean acmeSide) {
        return switch (collection) {
            case "tickets", "reports", "escalations" -> tenant.ticket;
            case "customers" -> acmeSide ? "acme" : "globex";
            case "assets" -> acmeSide ? "acme-ups-01" : "globex-sw-01";
            case "engineers" -> tenant.engineer == null ? "eng-wang" : tenant.engineer;
            case "dispatches" -> tenant.ticket + "-D1";
            case "visits" -> tenant.ticket + "-V1";
            case "callbacks" -> tenant.callback == null ? tenant.ticket + "-C1" : tenant.callback;
            case "revisits" -> tenant.revisit == null ? tenant.ticket + "-R1" : tenant.revisit;
            case "articles" -> tenant.ticket + "-K1";
            default -> tenant.ticket;
        };
    }

    /** The engineer client working the tenant's ticket, and one that does not. */
    static String engineerClient(Tenant tenant) {
        String client = tenant.engineer == null ? null : Target.clientOf(tenant.engineer);
        return client == null ? "engineer-wang" : client;
    }

    static String otherEngineerClient(Tenant tenant) {
        return "engineer-wang".equals(engineerClient(tenant)) ? "engineer-li" : "engineer-wang";
    }
}
