package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/** What the desk checks when it records a report: the call it came from, the caller, the contract. */
@IntegrationTest
@AutoConfigureMockMvc
class TicketIntakeChecksIT {

    private static final String COVERS_UPS_UNTIL_2099 = """
            {"coveredCategories":["UPS","PRINTER"],"slaTier":"GOLD","expiresAt":"2099-12-31T23:59:59+08:00",
             "businessCalendar":"CN-STANDARD"}""";

    @Autowired
    MockMvc mvc;

    Desk desk;

    @BeforeEach
    void freshCustomer() throws Exception {
        desk = new Desk(mvc);
    }

    @Test
    void refusesATicketReferringToAnUnknownCallNamingTheField() throws Exception {
        desk.record(desk.report("CUSTOMER_CALL", "\"callId\":\"no-such-call\""))
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.code").value("UNKNOWN_CALL"))
                .andExpect(jsonPath("$.field").value("callId")).andExpect(jsonPath("$.errors[0].field").value("callId"));
    }

    @Test
    void keepsTheCallATicketCameFrom() throws Exception {
        String callId = "call-" + UUID.randomUUID();
        desk.send(post("/api/v1/calls"), """
                {"id":"%s","ringingAt":"2026-11-25T09:00:00+08:00","answeredAt":"2026-11-25T09:00:04+08:00",
                 "agentId":"agent-007","callerNumber":"13800000000"}""".formatted(callId)).andExpect(status().isCreated());

        desk.record(desk.report("CUSTOMER_CALL", "\"callId\":\"%s\"".formatted(callId))).andExpect(status().isCreated())
                .andExpect(jsonPath("$.callId").value(callId));
    }

    @Test
    void verifiesACallerWhoIsAKnownContactByPhone() throws Exception {
        desk.contact("张伟", "+86 138-0000-0001");

        desk.record(desk.report("CUSTOMER_CALL", "\"reporter\":{\"name\":\"张先生\",\"phone\":\"+8613800000001\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.callerVerified").value(true));
    }

    @Test
    void verifiesACallerByTheNumberTheTelephonySystemSaw() throws Exception {
        desk.contact("张伟", "021-5555-0101");
        String callId = "call-" + UUID.randomUUID();
        desk.send(post("/api/v1/calls"), """
                {"id":"%s","ringingAt":"2026-11-25T09:00:00+08:00","answeredAt":"2026-11-25T09:00:04+08:00",
                 "agentId":"agent-007","callerNumber":"02155550101"}""".formatted(callId)).andExpect(status().isCreated());

        desk.record(desk.report("CUSTOMER_CALL", "\"callId\":\"%s\",\"reporter\":{\"name\":\"前台\"}".formatted(callId)))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.callerVerified").value(true));
    }

    @Test
    void flagsButKeepsACallFromAnUnknownCaller() throws Exception {
        desk.contact("张伟", "+86 138-0000-0001");

        desk.record(desk.report("CUSTOMER_CALL", "\"reporter\":{\"name\":\"李四\",\"phone\":\"13900000009\"}"))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.callerVerified").value(false));
    }

    @Test
    void showsTheContractWithTheCustomer() throws Exception {
        desk.contract(COVERS_UPS_UNTIL_2099).andExpect(status().isOk()).andExpect(jsonPath("$.slaTier").value("GOLD"));

        mvc.perform(get("/api/v1/customers/{id}", desk.customerId).with(agent())).andExpect(status().isOk())
                .andExpect(jsonPath("$.contract.coveredCategories").value(contains("UPS", "PRINTER")))
                .andExpect(jsonPath("$.contract.businessCalendar").value("CN-STANDARD"));
    }

    @Test
    void holdsARequestForUncoveredEquipmentUntilAnAgentOverridesIt() throws Exception {
        desk.contract(COVERS_UPS_UNTIL_2099).andExpect(status().isOk());
        String router = desk.asset("ROUTER");

        String id = desk.recorded(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(router)));
        mvc.perform(get("/api/v1/tickets/{id}", id).with(agent())).andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.contractFlags[0].code").value("CATEGORY_NOT_COVERED"))
                .andExpect(jsonPath("$.blockers").value(contains("OUTSIDE_CONTRACT")));

        desk.send(post("/api/v1/tickets/{id}/contract-override", id), "{\"reason\":\"客户承诺补签合同，主管同意先行处理\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("OPEN"))
                .andExpect(jsonPath("$.contractOverride.reason").value("客户承诺补签合同，主管同意先行处理"));
    }

    @Test
    void flagsARequestUnderAnExpiredContract() throws Exception {
        desk.contract("{\"coveredCategories\":[\"UPS\"],\"slaTier\":\"SILVER\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}")
                .andExpect(status().isOk());
        String ups = desk.asset("UPS");

        desk.record(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(ups))).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("RECORDED"))
                .andExpect(jsonPath("$.contractFlags[*].code").value(contains("CONTRACT_EXPIRED")));
    }

    @Test
    void opensACoveredRequestWithoutFlags() throws Exception {
        desk.contract(COVERS_UPS_UNTIL_2099).andExpect(status().isOk());
        String ups = desk.asset("UPS");

        desk.record(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(ups))).andExpect(status().isCreated())
                .andExpect(jsonPath("$.status").value("OPEN")).andExpect(jsonPath("$.contractFlags").isEmpty());
    }

    @Test
    void refusesAnOverrideWhenNothingIsOutsideTheContract() throws Exception {
        String id = desk.recorded(desk.report("CUSTOMER_CALL", null));

        desk.send(post("/api/v1/tickets/{id}/contract-override", id), "{\"reason\":\"无\"}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("NOTHING_TO_OVERRIDE"));
    }
}
