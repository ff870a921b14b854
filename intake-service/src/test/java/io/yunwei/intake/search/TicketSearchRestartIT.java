package io.yunwei.intake.search;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;

/**
 * An application stopped and started again (as a cached test context is between tests, or an operator's restart of
 * its lifecycle) still answers searches: stopping pauses the index's follower, it does not close the index.
 */
@IntegrationTest
@AutoConfigureMockMvc
class TicketSearchRestartIT {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    MockMvc mvc;

    @Test
    void searchesAgainAfterTheApplicationWasStoppedAndStarted() throws Exception {
        mvc.perform(get("/api/v1/tickets").param("q", "打印机").with(agent())).andExpect(status().isOk());

        context.stop();
        context.start();

        mvc.perform(get("/api/v1/tickets").param("q", "打印机").with(agent())).andExpect(status().isOk());
        mvc.perform(get("/api/v1/tickets").with(agent())).andExpect(status().isOk());
    }
}
