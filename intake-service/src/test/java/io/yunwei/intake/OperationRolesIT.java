package io.yunwei.intake;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

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

    /** Every write operation of the intake service, with a role the product does not let call it. */
    static Stream<WriteOperation> writes() {
        return Stream.of(
                WriteOperation.of("POST /api/v1/customers", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/customers/{id}/sites", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/customers/{id}/contacts", "ENGINEER", "AGENT", 400),
                WriteOperation.of("PUT /api/v1/customers/{id}/contract", "CUSTOMER", "SUPERVISOR", 400),
                WriteOperation.of("POST /api/v1/assets", "ENGINEER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/calls", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets", "DISPATCHER", "CUSTOMER", 400),
                WriteOperation.of("PATCH /api/v1/tickets/{id}", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/read-back", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/cancellation", "ENGINEER", "CUSTOMER", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/contract-override", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/sla-reapplication", "AGENT", "SUPERVISOR", 400),
                WriteOperation.of("POST /api/v1/courtesy/checks", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/admin/intake/dead-letters/{id}/redrive", "AGENT", "ADMIN", 404));
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
}
