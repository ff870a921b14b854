package io.yunwei.intake.ticket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.core.io.ClassPathResource;

import io.yunwei.chassis.events.EventJson;
import io.yunwei.intake.customer.Customer.AccessRules;
import io.yunwei.intake.customer.Customer.SiteLocation;
import io.yunwei.intake.ticket.SlaPolicy.Sla;
import io.yunwei.intake.ticket.TicketEvents.TicketClosed;
import io.yunwei.intake.ticket.TicketEvents.TicketOpened;

/** Pins what intake publishes: the samples under contracts/ are what consumers code against. */
class TicketEventContractTest {

    private static final String TICKET = "0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10";

    @Test
    void ticketOpenedKeepsItsWireShape() throws Exception {
        TicketOpened opened = new TicketOpened(TICKET, "YW-20261125-00001", Channel.INSPECTION, "acme", "acme-hq",
                "310115", List.of("acme-ups-01"), List.of("UPS"), Priority.P2,
                new Sla(Instant.parse("2026-11-25T02:00:00Z"), Instant.parse("2026-11-25T05:30:00Z"),
                        Instant.parse("2026-11-25T09:30:00Z")),
                "UPS 告警灯闪烁", "机房 A 排 3 号柜", Instant.parse("2026-11-25T01:30:00Z"),
                new AccessRules(true, true, true, "进入机房需前台登记"), new SiteLocation(31.2304, 121.4737));

        JSONAssert.assertEquals(contract("ticket.opened.v1"), EventJson.write(opened), JSONCompareMode.STRICT);
    }

    @Test
    void ticketClosedKeepsItsWireShape() throws Exception {
        TicketClosed closed = new TicketClosed(TICKET, "YW-20261125-00001", "acme", "eng-wang",
                Instant.parse("2026-11-25T04:00:00Z"), Instant.parse("2026-11-25T04:00:01Z"), 1);

        JSONAssert.assertEquals(contract("ticket.closed.v1"), EventJson.write(closed), JSONCompareMode.STRICT);
    }

    private static String contract(String type) throws IOException {
        return new ClassPathResource("contracts/" + type + ".json").getContentAsString(StandardCharsets.UTF_8);
    }
}
