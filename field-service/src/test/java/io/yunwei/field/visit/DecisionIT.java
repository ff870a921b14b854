package io.yunwei.field.visit;

import static io.yunwei.field.visit.OnSite.DIAGNOSIS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class DecisionIT {

    static final String OPTIONS = """
            {"options":[
              {"title":"更换电池组","pros":"一次解决，之后三年无需再换","cons":"需要订货，三天后再来安装"},
              {"title":"临时更换单节电池","pros":"今天就能恢复供电保护","cons":"其余电池老化，半年内需要再次处理"}],
             "recommended":"更换电池组"}""";

    private static final TestEvents dispatch = TestInfrastructure.get().events();
    private static final TopicProbe fieldEvents = TestInfrastructure.get().probe("field.events");

    @Autowired
    MockMvc mvc;

    @Test
    void resolvesATicketInTwoVisitsAfterTheCustomerChoosesAnOption() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        String firstVisit = site.visit;
        site.readyToWork();
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("options", OPTIONS).andExpect(status().isOk())
                .andExpect(jsonPath("$.options.recommended").value("更换电池组"));
        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.missingSteps").value(Matchers.hasItem("DECISION")));
        site.post("decision", "{\"chosen\":\"更换电池组\",\"decidedBy\":\"李经理\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.decision.decidedBy").value("李经理"));
        String nextVisit = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(3).withSecond(30).withNano(0).toString();
        site.post("completion", """
                {"outcome":"REVISIT_NEEDED","cleanupDone":true,"nextVisitReason":"等待新电池组到货后安装",
                 "proposedNextVisitAt":"%s"}""".formatted(nextVisit)).andExpect(status().isOk())
                .andExpect(jsonPath("$.completion.proposedNextVisitAt").isNotEmpty());

        dispatch.send("dispatch.events", "appointment.booked.v1", site.ticket, 2,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"windowStart\":\"%s\",\"windowEnd\":\"%s\"}"
                        .formatted(site.ticket, site.ticket, nextVisit, OffsetDateTime.parse(nextVisit).plusHours(2)));
        String secondVisit = site.awaitVisit(2);
        assertThat(secondVisit).isNotEqualTo(firstVisit);
        site.resolvedButNotCompleted();
        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isOk());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fieldEvents.typesOf(site.ticket))
                .containsExactly("visit.checked-in.v1", "visit.decision-requested.v1", "visit.decision-recorded.v1",
                        "visit.completed.v1", "visit.checked-in.v1", "asset.info-collected.v1", "visit.completed.v1"));
        List<ConsumerRecord<String, String>> published = fieldEvents.records().stream()
                .filter(r -> site.ticket.equals(r.key())).toList();
        assertThat((List<String>) JsonPath.read(published.get(1).value(), "$.options[*].title"))
                .containsExactly("更换电池组", "临时更换单节电池");
        assertThat((String) JsonPath.read(published.get(2).value(), "$.chosen")).isEqualTo("更换电池组");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.outcome")).isEqualTo("REVISIT_NEEDED");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.proposedNextVisitAt")).isNotBlank();
        assertThat((List<String>) JsonPath.read(published.get(3).value(), "$.decision.options[*].title"))
                .containsExactly("更换电池组", "临时更换单节电池");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.decision.recommended")).isEqualTo("更换电池组");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.decision.chosen")).isEqualTo("更换电池组");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.decision.decidedBy")).isEqualTo("李经理");
        assertThat((String) JsonPath.read(published.get(3).value(), "$.diagnosis.symptomRestated")).isNotBlank();
        assertThat((Object) JsonPath.read(published.get(3).value(), "$.resolution")).isNull();
        assertThat((String) JsonPath.read(published.get(6).value(), "$.resolution.solution")).isEqualTo("更换进纸辊并清理纸道");
        assertThat((String) JsonPath.read(published.get(6).value(), "$.visitId")).isEqualTo(secondVisit);
    }

    @Test
    void refusesAChoiceThatWasNotOffered() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("options", OPTIONS).andExpect(status().isOk());
        site.post("decision", "{\"chosen\":\"什么都不做\",\"decidedBy\":\"李经理\"}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CHOICE_NOT_OFFERED"));
    }

    @Test
    void offersOptionsOnlyAfterTheDiagnosisIsExplained() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("options", OPTIONS).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("DIAGNOSIS_FIRST"));
    }

    @Test
    void holdsTheWorkUntilTheCustomerHasDecided() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("options", OPTIONS).andExpect(status().isOk());
        site.post("resolution", OnSite.RESOLUTION).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("DECISION_PENDING"));
    }
}
