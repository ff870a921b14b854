package io.yunwei.dispatch;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.OperationRolesContract;
import io.yunwei.chassis.testkit.WriteOperation;

/** A role that may not call an operation is refused before its body is read; a role that may is still checked. */
@IntegrationTest
@AutoConfigureMockMvc
class OperationRolesIT extends OperationRolesContract {

    /** Every write operation of the dispatch service, with a role the product does not let call it. */
    @Override
    protected Stream<WriteOperation> writes() {
        return Stream.of(
                WriteOperation.of("POST /api/v1/engineers", "CUSTOMER", "SUPERVISOR", 400),
                WriteOperation.of("PUT /api/v1/engineers/{id}/availability", "AGENT", "DISPATCHER", 400),
                WriteOperation.of("POST /api/v1/dispatches/{id}/acceptance", "AGENT", "ENGINEER", 404),
                WriteOperation.of("POST /api/v1/dispatches/{id}/declination", "AGENT", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/dispatches/{id}/reassignment", "ENGINEER", "DISPATCHER", 400),
                WriteOperation.of("POST /api/v1/dispatches/{id}/contact-attempts", "AGENT", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/dispatches/{id}/appointment", "CUSTOMER", "DISPATCHER", 400),
                WriteOperation.of("POST /api/v1/escalations/{ticketId}/assignment", "SUPERVISOR", "DISPATCHER", 400),
                WriteOperation.of("POST /api/v1/admin/dispatch/dead-letters/{id}/redrive", "DISPATCHER", "ADMIN", 404));
    }

    @Test
    void refusesACustomerAddingAnEngineerWithAnIncompleteBodyAndAddsNothing() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);

        mvc.perform(post("/api/v1/engineers").with(customer("acme")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"王工\"}".formatted(id)))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("FORBIDDEN"));

        mvc.perform(get("/api/v1/engineers/{id}", id).with(role("SUPERVISOR"))).andExpect(status().isNotFound());
    }

    @Test
    void anAgentMayReadADispatchToAnswerTheCallerButACustomerMayNot() throws Exception {
        String dispatch = "T-" + UUID.randomUUID().toString().substring(0, 8) + "-D1";

        // past the role check: the dispatch is simply not there
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(role("AGENT"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/dispatches/{id}", dispatch).with(customer("acme"))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        mvc.perform(get("/api/v1/dispatches").with(role("AGENT"))).andExpect(status().isForbidden());
    }

    @Test
    void stillTellsASupervisorWhatAnIncompleteEngineerLacks() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);

        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"王工\"}".formatted(id)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[*].field").isNotEmpty());
    }
}
