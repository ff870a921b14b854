package io.yunwei.intake.courtesy;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.ResultActions;

import io.yunwei.chassis.testkit.CourtesyRefusalCount;
import io.yunwei.chassis.testkit.IntegrationTest;

@IntegrationTest
@AutoConfigureMockMvc
class CourtesyCheckIT {

    @Autowired
    MockMvc mvc;

    @Test
    void findsTheFormOfAddressAndTheDeflection() throws Exception {
        check(agent(), "{\"text\":\"哥们儿,这不是我的事,你自己去问\",\"locale\":\"zh-CN\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.findings[*].category").value(hasItems("FORM_OF_ADDRESS", "DEFLECTION")))
                .andExpect(jsonPath("$.findings[0].phrase").value("哥们儿"))
                .andExpect(jsonPath("$.findings[0].start").value(0))
                .andExpect(jsonPath("$.findings[0].end").value(3))
                .andExpect(jsonPath("$.findings[0].suggestion").isNotEmpty());
    }

    @Test
    void findsNothingInAStandardPhrase() throws Exception {
        check(agent(), "{\"text\":\"您好，请问您的设备安装在哪个机房？\",\"locale\":\"zh-CN\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.findings").isEmpty());
    }

    @Test
    void doesNotMistakeImpossibleForVagueness() throws Exception {
        check(agent(), "{\"text\":\"这台设备不可能再出现同样的故障\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.findings[*].category").value(org.hamcrest.Matchers.not(hasItems("VAGUENESS"))));
    }

    @Test
    void refusesAnEmptyText() throws Exception {
        check(agent(), "{\"text\":\"\"}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field").value(contains("text")));
    }

    @Test
    void aCheckWhileTypingIsNotCountedAsARefusal() throws Exception {
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "intake");

        check(agent(), "{\"text\":\"哥们儿,你自己去问\",\"locale\":\"zh-CN\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.findings").isNotEmpty());

        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "intake");
        assertThat(after.refusals()).isEqualTo(before.refusals());
        assertThat(after.by("agent")).isEqualTo(before.by("agent"));
    }

    @Test
    void isNotOfferedToCustomers() throws Exception {
        check(customer("acme"), "{\"text\":\"你好\"}").andExpect(status().isForbidden());
    }

    private ResultActions check(RequestPostProcessor caller, String body) throws Exception {
        return mvc.perform(post("/api/v1/courtesy/checks").with(caller).contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
