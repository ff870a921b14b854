package io.yunwei.dispatch.assignment;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.dispatch.assignment.Desk.dispatchId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.dispatch.engineer.Engineer;

@IntegrationTest
@AutoConfigureMockMvc
class CapacityReconcilerIT {

    private static final TestEvents intake = TestInfrastructure.get().events();
    private static final TopicProbe dispatchEvents = TestInfrastructure.get().probe("dispatch.events");

    @Autowired
    MockMvc mvc;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    CapacityReconciler reconciler;

    @Test
    void givesBackOnlyTheCapacityACrashStrandedNeverALiveDispatchsNorOneInFlight() throws Exception {
        Desk desk = new Desk(mvc, intake, dispatchEvents);
        String engineerId = desk.engineer(4);
        String ticket = desk.opened("P2");
        desk.awaitDispatch(dispatchId(ticket, 1));
        mvc.perform(post("/api/v1/dispatches/{id}/acceptance", dispatchId(ticket, 1)).with(engineer(engineerId)))
                .andExpect(status().isOk());
        long longAgo = System.currentTimeMillis() - CapacityReconciler.GRACE.plus(Duration.ofMinutes(1)).toMillis();
        String diedBeforeSaving = dispatchId(ticket, 2) + "@" + Long.toString(longAgo, 36) + ".dead.1";
        String inFlight = dispatchId(ticket, 2) + "@" + Long.toString(System.currentTimeMillis(), 36) + ".live.1";
        mongo.updateFirst(query(where("_id").is(engineerId)), new Update().push("active").each(diedBeforeSaving, inFlight),
                Engineer.class);

        reconciler.reconcile();

        Engineer after = mongo.findById(engineerId, Engineer.class);
        assertThat(after.active()).hasSize(2).contains(inFlight).doesNotContain(diedBeforeSaving)
                .anySatisfy(token -> assertThat(token).startsWith(dispatchId(ticket, 1) + "@"));
    }
}
