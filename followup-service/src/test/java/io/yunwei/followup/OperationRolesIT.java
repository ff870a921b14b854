package io.yunwei.followup;

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

    /** Every write operation of the follow-up service, with a role the product does not let call it. */
    @Override
    protected Stream<WriteOperation> writes() {
        return Stream.of(
                WriteOperation.of("POST /api/v1/callbacks/{id}/outcome", "SUPERVISOR", "AGENT", 400),
                WriteOperation.of("POST /api/v1/revisits/{id}/outcome", "CUSTOMER", "AGENT", 400),
                WriteOperation.of("POST /api/v1/surveys/{ticketId}", "AGENT", "CUSTOMER", 400),
                WriteOperation.of("POST /api/v1/knowledge/articles/{id}/approval", "AGENT", "SUPERVISOR", 404),
                WriteOperation.of("POST /api/v1/supervisor/notifications/{id}/acknowledgement", "AGENT", "SUPERVISOR", 404),
                WriteOperation.of("POST /api/v1/admin/followup/dead-letters/{id}/redrive", "SUPERVISOR", "ADMIN", 404));
    }
}
