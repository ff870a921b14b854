package io.yunwei.intake;

import static io.yunwei.chassis.testkit.Callers.role;

import java.util.stream.Stream;

import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.OperationRolesContract;
import io.yunwei.chassis.testkit.WriteOperation;

/** A role that may not call an operation is refused before its body is read; a role that may is still checked. */
@IntegrationTest
@AutoConfigureMockMvc
class OperationRolesIT extends OperationRolesContract {

    /** Every write operation of the intake service, with a role the product does not let call it. */
    @Override
    protected Stream<WriteOperation> writes() {
        return Stream.of(
                WriteOperation.of("POST /api/v1/customers", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/customers/{id}/sites", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/customers/{id}/contacts", "ENGINEER", "AGENT", 400),
                WriteOperation.of("PUT /api/v1/customers/{id}/contract", "CUSTOMER", "SUPERVISOR", 400),
                WriteOperation.of("POST /api/v1/assets", "ENGINEER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/calls", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets", "DISPATCHER", "CUSTOMER", 400),
                WriteOperation.of("POST /api/v1/tickets/assessment", "DISPATCHER", "AGENT", 400),
                WriteOperation.of("PATCH /api/v1/tickets/{id}", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/read-back", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/cancellation", "ENGINEER", "CUSTOMER", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/contract-override", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/tickets/{id}/sla-reapplication", "AGENT", "SUPERVISOR", 400),
                WriteOperation.of("POST /api/v1/courtesy/checks", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/webhooks", "AGENT", "ADMIN", 400),
                WriteOperation.of("PATCH /api/v1/webhooks/{id}", "SUPERVISOR", "ADMIN", 400),
                WriteOperation.of("DELETE /api/v1/webhooks/{id}", "DISPATCHER", "ADMIN", 404),
                WriteOperation.of("POST /api/v1/webhooks/{id}/secret-rotation", "AGENT", "ADMIN", 404),
                WriteOperation.of("POST /api/v1/webhooks/{id}/test", "ENGINEER", "ADMIN", 404),
                WriteOperation.of("POST /api/v1/webhooks/{id}/replay", "AGENT", "ADMIN", 400),
                WriteOperation.of("POST /api/v1/admin/intake/dead-letters/{id}/redrive", "AGENT", "ADMIN", 404));
    }
}
