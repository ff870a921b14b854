package io.yunwei.dispatch;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.WriteOperation;

/** A role that may not call an operation is refused before its body is read; a role that may is still checked. */
@IntegrationTest
@AutoConfigureMockMvc
class OperationRolesIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationContext context;

    /** Every write operation of the dispatch service, with a role the product does not let call it. */
    static Stream<WriteOperation> writes() {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void refusesARoleThatMayNotCallTheOperationBeforeReadingItsBody(WriteOperation write) throws Exception {
        mvc.perform(write.withUnreadableBody().with(role(write.deniedRole()))).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("writes")
    void stillReadsTheBodyOfARoleThatMayCallTheOperation(WriteOperation write) throws Exception {
        mvc.perform(write.withUnreadableBody().with(role(write.allowedRole())))
                .andExpect(status().is(write.allowedStatus()));
    }

    @Test
    void coversEveryWriteOperation() {
        assertThat(writes().map(WriteOperation::operation).collect(Collectors.toSet()))
                .isEqualTo(WriteOperation.mapped(context));
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
    void stillTellsASupervisorWhatAnIncompleteEngineerLacks() throws Exception {
        String id = "e-" + UUID.randomUUID().toString().substring(0, 8);

        mvc.perform(post("/api/v1/engineers").with(role("SUPERVISOR")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"王工\"}".formatted(id)))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[*].field").isNotEmpty());
    }
}
