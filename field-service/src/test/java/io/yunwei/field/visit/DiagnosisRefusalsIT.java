package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import io.yunwei.chassis.testkit.CourtesyRefusalCount;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/** A diagnosis refused for its wording is counted for the supervisors, under its category, for its engineer. */
@IntegrationTest
@AutoConfigureMockMvc
class DiagnosisRefusalsIT {

    private static final TestEvents dispatch = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Test
    void countsARefusedDiagnosisOnceUnderItsCategoryForTheEngineer() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "field");

        site.post("diagnosis", """
                {"symptomRestated":"打印机每打印几页就卡纸","causeExplained":"可能是进纸辊的问题，也许是纸张受潮"}""")
                .andExpect(status().isUnprocessableContent()).andExpect(jsonPath("$.field").value("causeExplained"));

        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "field");
        assertThat(after.refusals() - before.refusals()).isEqualTo(1);
        assertThat(after.in("VAGUENESS") - before.in("VAGUENESS")).isEqualTo(1);
        assertThat(after.in("DEFLECTION") - before.in("DEFLECTION")).isZero();
        assertThat(after.by("engineer-" + site.engineerId)).isEqualTo(1);
    }

    @Test
    void doesNotCountACourteousDiagnosis() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "field");

        site.post("diagnosis", OnSite.DIAGNOSIS).andExpect(status().isOk());

        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "field");
        assertThat(after.refusals()).isEqualTo(before.refusals());
        assertThat(after.by("engineer-" + site.engineerId)).isZero();
    }

    @Test
    void showsTheCountToSupervisorsAndAdministratorsOnly() throws Exception {
        String report = "/api/v1/admin/field/courtesy-refusals";
        mvc.perform(get(report).with(role("AGENT"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(engineer("eng-wang"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(customer("acme"))).andExpect(status().isForbidden());
        mvc.perform(get(report).with(role("SUPERVISOR"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.service").value("field"));
    }
}
