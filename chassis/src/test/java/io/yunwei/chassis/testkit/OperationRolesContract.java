package io.yunwei.chassis.testkit;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What every service's table of write operations is held to: a role that may not call an operation is refused
 * before its body is read, a role that may is still told what is wrong with the body, and the table lists every
 * write operation the service maps. A service's test extends it with its table ({@link #writes()}) on a context
 * with MockMvc.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OperationRolesContract {

    @Autowired
    protected MockMvc mvc;

    @Autowired
    private ApplicationContext context;

    /** Every write operation of the service, with a role the product does not let call it and one it does. */
    protected abstract Stream<WriteOperation> writes();

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
        assertEquals(WriteOperation.mapped(context),
                writes().map(WriteOperation::operation).collect(Collectors.toCollection(java.util.TreeSet::new)));
    }
}
