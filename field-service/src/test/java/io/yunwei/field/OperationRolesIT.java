package io.yunwei.field;

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

    /** Every write operation of the field service, with a role the product does not let call it. */
    @Override
    protected Stream<WriteOperation> writes() {
        return Stream.of(
                WriteOperation.of("POST /api/v1/visits/{id}/check-in", "DISPATCHER", "ENGINEER", 404),
                WriteOperation.of("PUT /api/v1/visits/{id}/site-checklist", "AGENT", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/consents", "CUSTOMER", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/diagnosis", "AGENT", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/options", "DISPATCHER", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/decision", "CUSTOMER", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/evidence", "CUSTOMER", "ENGINEER", 400).upload(),
                WriteOperation.of("POST /api/v1/visits/{id}/inspection", "SUPERVISOR", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/resolution", "AGENT", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/service-form", "CUSTOMER", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/visits/{id}/completion", "DISPATCHER", "ENGINEER", 400),
                WriteOperation.of("POST /api/v1/admin/field/dead-letters/{id}/redrive", "ENGINEER", "ADMIN", 404));
    }
}
