package io.yunwei.dispatch.assignment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.springframework.core.io.ClassPathResource;

import io.yunwei.chassis.events.EventJson;
import io.yunwei.dispatch.assignment.DispatchEvents.AppointmentBooked;
import io.yunwei.dispatch.assignment.DispatchEvents.Contact;
import io.yunwei.dispatch.assignment.DispatchEvents.ContactAttempted;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchAssigned;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchDeclined;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchEscalated;
import io.yunwei.dispatch.assignment.DispatchEvents.DispatchReassigned;

/** Pins what dispatch publishes: the samples under contracts/ are what intake, field and follow-up code against. */
class DispatchEventContractTest {

    private static final String TICKET = "0b6f7c1e-7a53-4c55-9a8e-2f4f3c1d9a10";
    private static final Instant AT = Instant.parse("2026-11-25T02:00:00Z");

    @Test
    void dispatchAssignedKeepsItsWireShape() throws Exception {
        assertShape("dispatch.assigned.v1", new DispatchAssigned(TICKET, TICKET + "-D2", "eng-li", "李工", "acme",
                "acme-hq", 1, "highest score 86.0 of 2 eligible", AT, Instant.parse("2026-11-25T02:20:00Z"), "P2",
                new DispatchEvents.SiteAccess(true, true, false, "进入机房需前台登记")));
    }

    @Test
    void dispatchDeclinedKeepsItsWireShape() throws Exception {
        assertShape("dispatch.declined.v1", new DispatchDeclined(TICKET, TICKET + "-D1", "eng-wang",
                "车辆故障，无法按时到达", 1, AT));
    }

    @Test
    void dispatchReassignedKeepsItsWireShape() throws Exception {
        assertShape("dispatch.reassigned.v1", new DispatchReassigned(TICKET, TICKET + "-D2", "eng-li", "李工",
                TICKET + "-D1", "eng-wang", "DECLINED", "车辆故障，无法按时到达", "engineer-wang", AT));
    }

    @Test
    void dispatchEscalatedKeepsItsWireShape() throws Exception {
        assertShape("dispatch.escalated.v1", new DispatchEscalated(TICKET,
                "refused 3 times (declined or not accepted in time); a dispatcher must assign it", AT, 3, TICKET + "-D3"));
    }

    @Test
    void appointmentBookedKeepsItsWireShape() throws Exception {
        assertShape("appointment.booked.v1", new AppointmentBooked(TICKET, TICKET + "-D2", "eng-li",
                Instant.parse("2026-11-25T03:00:00Z"), Instant.parse("2026-11-25T04:00:00Z"),
                new Contact("张主任", "+86 139 1234 5678"), "您好，工程师将于约定时间到达，请您安排登记，谢谢。", false,
                Instant.parse("2026-11-25T05:30:00Z"), AT));
    }

    @Test
    void customerContactAttemptedKeepsItsWireShape() throws Exception {
        assertShape("customer.contact-attempted.v1", new ContactAttempted(TICKET, TICKET + "-D2", "eng-li", 1,
                Instant.parse("2026-11-25T01:58:00Z"), "NO_ANSWER", "电话无人接听，稍后再拨"));
    }

    private static void assertShape(String type, Object payload) throws Exception {
        JSONAssert.assertEquals(contract(type), EventJson.write(payload), JSONCompareMode.STRICT);
    }

    private static String contract(String type) throws IOException {
        return new ClassPathResource("contracts/" + type + ".json").getContentAsString(StandardCharsets.UTF_8);
    }
}
