package io.yunwei.intake.webhook;

import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.intake.webhook.Deliveries.Lane;
import io.yunwei.intake.webhook.Deliveries.Message;

/** Lanes between instances: one sender at a time, and a lane whose sender died is sent when its lease ends. */
@IntegrationTest
@AutoConfigureMockMvc
class DeliveryQueueIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    DeliveryQueue queue;

    @Autowired
    Webhooks webhooks;

    Receiver receiver;
    String webhookId;

    @BeforeEach
    void anEndpoint() throws Exception {
        receiver = new Receiver();
        String response = mvc.perform(post("/api/v1/webhooks").with(role("ADMIN")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"url\":\"%s\",\"events\":[\"webhook.*\"]}".formatted(receiver.url())))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString();
        webhookId = JsonPath.read(response, "$.id");
    }

    @AfterEach
    void deleteIt() throws Exception {
        mvc.perform(delete("/api/v1/webhooks/{id}", webhookId).with(role("ADMIN")));
        receiver.close();
    }

    @Test
    void onlyOneInstanceClaimsALaneAndOnlyOnceItIsDue() {
        // two hours ahead, so lanes due within the hour are due to these instances and not yet to the running sender
        DeliveryQueue ahead = new DeliveryQueue(mongo, new DueLanes(), Clock.offset(Clock.systemUTC(), Duration.ofHours(2)));
        Instant inAnHour = Instant.now().plus(Duration.ofHours(1));
        String lane = Lane.id(webhookId, "T-" + UUID.randomUUID());
        mongo.insert(new Lane(lane, webhookId, List.of(), List.of(), inAnHour, 0, null, inAnHour, false));

        assertThat(ahead.claim(lane, "instance-a", Duration.ofSeconds(30))).get()
                .extracting(Lane::claimedBy).isEqualTo("instance-a");
        assertThat(ahead.claim(lane, "instance-b", Duration.ofSeconds(30))).isEmpty();

        String later = Lane.id(webhookId, "T-" + UUID.randomUUID());
        Instant inThreeHours = Instant.now().plus(Duration.ofHours(3));
        mongo.insert(new Lane(later, webhookId, List.of(), List.of(), inThreeHours, 1, null, inAnHour, false));
        assertThat(ahead.claim(later, "instance-a", Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void aLaneGoesIdleWithItsLastHeadOnlyWhileItsHolderHoldsItAndNothingWaitsBehind() {
        Instant leaseEnds = Instant.now().plus(Duration.ofHours(1));
        String alone = Lane.id(webhookId, "T-" + UUID.randomUUID());
        mongo.insert(new Lane(alone, webhookId, List.of("m1"), List.of("e1"), leaseEnds, 2, "instance-a", Instant.now(),
                false));
        String followed = Lane.id(webhookId, "T-" + UUID.randomUUID());
        mongo.insert(new Lane(followed, webhookId, List.of("m1", "m2"), List.of("e1", "e2"), leaseEnds, 0, "instance-a",
                Instant.now(), false));

        assertThat(queue.advanceToIdle(alone, "instance-b", "m1")).isFalse();
        assertThat(queue.advanceToIdle(followed, "instance-a", "m1")).isFalse();
        assertThat(mongo.findById(followed, Lane.class).queue()).containsExactly("m1", "m2");
        assertThat(mongo.findById(alone, Lane.class).claimedBy()).isEqualTo("instance-a");

        assertThat(queue.advanceToIdle(alone, "instance-a", "m1")).isTrue();
        Lane idle = mongo.findById(alone, Lane.class);
        assertThat(idle.queue()).isEmpty();
        assertThat(idle.idle()).isTrue();
        assertThat(idle.claimedBy()).isNull();
        assertThat(idle.attempt()).isZero();
        assertThat(idle.nextAttemptAt()).isEqualTo(Deliveries.IDLE);
        // the sender's look at the waiting lanes passes it by
        assertThat(queue.waiting()).extracting(Lane::id).doesNotContain(alone);
    }

    @Test
    void aLaneClaimedByAnInstanceThatDiedIsSentOnceItsLeaseEnds() {
        String ticket = "T-" + UUID.randomUUID();
        Message message = webhooks.message(webhookId, ticket, UUID.randomUUID().toString(), "ticket.amended.v1", 1L,
                Instant.now(), webhooks.eventData(ticket, 1, "{\"note\":\"claimed by a dead instance\"}"));
        mongo.insert(message);
        Instant leaseEnds = Instant.now().plusSeconds(3);
        // as an instance leaves a lane it claimed, then was killed before sending
        mongo.insert(new Lane(message.lane(), webhookId, List.of(message.id()), List.of(message.eventId()), leaseEnds, 0,
                "killed-instance", Instant.now(), false));

        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.about(ticket).isEmpty());
        assertThat(receiver.about(ticket).getFirst().at()).isAfterOrEqualTo(leaseEnds.minusMillis(50));
        // and only once
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> receiver.about(ticket).size() == 1);
        assertThat(receiver.about(ticket).getFirst().id()).isEqualTo(message.eventId());
    }
}
