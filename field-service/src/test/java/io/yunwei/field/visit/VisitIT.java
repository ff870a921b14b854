package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class VisitIT {

    static final String SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private static TestEvents dispatch;
    private static TopicProbe fieldEvents;

    @Autowired
    MockMvc mvc;

    String ticket;
    String engineerId;
    String visit;

    @BeforeAll
    static void connect() {
        dispatch = new TestEvents(TestInfrastructure.get().kafkaBootstrapServers());
        fieldEvents = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "field.events");
    }

    @AfterAll
    static void disconnect() {
        dispatch.close();
        fieldEvents.close();
    }

    @BeforeEach
    void dispatched() {
        ticket = UUID.randomUUID().toString();
        engineerId = "e-" + UUID.randomUUID().toString().substring(0, 8);
        dispatch.send("dispatch.events", "dispatch.assigned.v1", ticket, 1,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"engineerId\":\"%s\"}".formatted(ticket, ticket, engineerId));
        visit = await().atMost(Duration.ofSeconds(20)).until(() -> {
            String body = mvc.perform(get("/api/v1/visits").with(engineer(engineerId))).andReturn().getResponse()
                    .getContentAsString();
            List<String> ids = JsonPath.read(body, "$[?(@.ticketId == '%s')].id".formatted(ticket));
            return ids.isEmpty() ? null : ids.getFirst();
        }, id -> id != null);
    }

    @Test
    void completesAResolvedVisitOnlyAfterEveryStepAndAnnouncesIt() throws Exception {
        step("check-in", "").andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ON_SITE"));
        step("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":false}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("VISIT_INCOMPLETE"))
                .andExpect(jsonPath("$.missingSteps").value(Matchers.contains("RESOLUTION", "SERVICE_FORM", "SITE_CLEANUP")));
        step("resolution", "{\"solution\":\"更换硒鼓并清理进纸辊\",\"emergencyHandling\":\"卡纸时先断电\",\"maintenanceAdvice\":\"每月清洁进纸辊\"}")
                .andExpect(status().isOk());
        step("service-form", "{\"signerName\":\"张先生\",\"signature\":\"%s\",\"evaluation\":{\"score\":5,\"comment\":\"很专业\"}}"
                .formatted(SIGNATURE)).andExpect(status().isOk()).andExpect(jsonPath("$.serviceForm.signerName").value("张先生"));
        step("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fieldEvents.typesOf(ticket))
                .containsExactly("visit.checked-in.v1", "visit.completed.v1"));
        ConsumerRecord<String, String> completed = fieldEvents.records().stream()
                .filter(r -> ticket.equals(r.key())).toList().getLast();
        assertThat((Boolean) JsonPath.read(completed.value(), "$.serviceFormSigned")).isTrue();
        assertThat((String) JsonPath.read(completed.value(), "$.dispatchId")).isEqualTo(ticket + "-D1");
    }

    @Test
    void refusesASignatureThatIsNotAnImage() throws Exception {
        step("check-in", "").andExpect(status().isOk());
        step("resolution", "{\"solution\":\"重启\"}").andExpect(status().isOk());
        step("service-form", "{\"signerName\":\"张先生\",\"signature\":\"aGVsbG8=\",\"evaluation\":{\"score\":5}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("signature"));
    }

    @Test
    void hidesTheVisitFromOtherEngineers() throws Exception {
        mvc.perform(get("/api/v1/visits/{id}", visit).with(engineer("someone-else"))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/visits/{id}/check-in", visit).with(engineer("someone-else"))).andExpect(status().isNotFound());
    }

    private ResultActions step(String step, String body) throws Exception {
        var request = post("/api/v1/visits/{id}/" + step, visit).with(engineer(engineerId));
        return mvc.perform(body.isEmpty() ? request : request.contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
