package io.yunwei.chassis.courtesy;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.yunwei.chassis.testkit.CourtesyRefusalCount;
import io.yunwei.chassis.testkit.IntegrationTest;

/** Texts refused for courtesy are counted per day in the service's store; checks that only show findings are not. */
@IntegrationTest
class CourtesyTalliesIT {

    private static final String REPORT = "/api/v1/admin/sample/courtesy-refusals";

    @Autowired
    WebApplicationContext context;
    @Autowired
    CourtesyChecker checker;

    MockMvc mvc;

    @BeforeEach
    void client() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void countsARefusedTextOnceInEachCategoryItBreaksAndForThePersonWhoTriedToSayIt() throws Exception {
        // a dot and a dollar cannot be field names in the store: the id comes back as it was
        String engineer = "engineer.wang$" + UUID.randomUUID().toString().substring(0, 8);
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "sample");
        signIn(engineer);

        // two deflections and a form of address in one text
        assertThatThrownBy(() -> checker.requireCourteous("preNotice", "哥们儿,不行,你自己去问", null))
                .isInstanceOf(DiscourteousTextException.class);

        CourtesyRefusalCount after = CourtesyRefusalCount.today(mvc, "sample");
        assertThat(after.refusals() - before.refusals()).isEqualTo(1);
        assertThat(after.in("FORM_OF_ADDRESS") - before.in("FORM_OF_ADDRESS")).isEqualTo(1);
        assertThat(after.in("DEFLECTION") - before.in("DEFLECTION")).isEqualTo(1);
        assertThat(after.in("VAGUENESS") - before.in("VAGUENESS")).isZero();
        assertThat(after.by(engineer)).isEqualTo(1);
    }

    @Test
    void doesNotCountACheckThatOnlyShowsTheFindings() throws Exception {
        CourtesyRefusalCount before = CourtesyRefusalCount.today(mvc, "sample");
        signIn("agent");

        assertThat(checker.check("大概明天吧,你再说一遍", null)).hasSize(2);
        checker.requireCourteous("preNotice", "您好,工程师明天上午十点到达。", null);

        assertThat(CourtesyRefusalCount.today(mvc, "sample").refusals()).isEqualTo(before.refusals());
    }

    @Test
    void showsTheLastSevenDaysByDefaultWithEveryCategory() throws Exception {
        mvc.perform(get(REPORT).with(role("SUPERVISOR"))).andExpect(status().isOk())
                .andExpect(jsonPath("$.service").value("sample")).andExpect(jsonPath("$.zone").value("Asia/Shanghai"))
                .andExpect(jsonPath("$.days.length()").value(7))
                .andExpect(jsonPath("$.categories.IMPATIENCE").isNumber())
                .andExpect(jsonPath("$.days[6].categories.VAGUENESS").isNumber());
    }

    @Test
    void refusesTheReportToThoseWhoDoNotSuperviseTheService() throws Exception {
        mvc.perform(get(REPORT).with(role("AGENT"))).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("FORBIDDEN"));
        mvc.perform(get(REPORT).with(customer("acme"))).andExpect(status().isForbidden());
        mvc.perform(get(REPORT).with(role("ADMIN"))).andExpect(status().isOk());
    }

    @Test
    void refusesARangeThatEndsBeforeItStartsOrSpansMoreThanAQuarter() throws Exception {
        mvc.perform(get(REPORT).param("from", "2026-12-05").param("to", "2026-12-04").with(role("SUPERVISOR")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"))
                .andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get(REPORT).param("from", "2026-01-01").param("to", "2026-12-31").with(role("SUPERVISOR")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
        mvc.perform(get(REPORT).param("from", "yesterday").with(role("SUPERVISOR")))
                .andExpect(status().isBadRequest());
    }

    private static void signIn(String subject) {
        Jwt token = Jwt.withTokenValue("token").header("alg", "none").subject(subject)
                .claim("roles", List.of("ENGINEER")).build();
        SecurityContextHolder.getContext().setAuthentication(
                new JwtAuthenticationToken(token, List.of(new SimpleGrantedAuthority("ROLE_ENGINEER"))));
    }
}
