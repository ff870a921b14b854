package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.content;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withStatus;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.test.json.JsonCompareMode;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.ui.ExtendedModelMap;


/**
 * The completeness a customer and an agent see as they type is intake's: each page asks intake's assessment, the rule
 * recording applies, and shows its answer.
 */
class PortalAssessmentTest {

    private static final String API = FakeApi.URL;
    private static final String ASSESSMENT = API + "/api/v1/tickets/assessment";

    private MockRestServiceServer services;
    private PortalController portal;
    private DeskController desk;

    @BeforeEach
    void consoleAgainstAFakeApi() {
        FakeApi fake = FakeApi.inOrder();
        services = fake.services;
        portal = new PortalController(fake.api, fake.properties, ApiProblemsTest.messages());
        desk = new DeskController(fake.api, fake.properties, ApiProblemsTest.messages());
    }

    @Test
    void portalAsksIntakeToAssessTheReportAsTheCustomersOwnSystemsReport() {
        services.expect(requestTo(ASSESSMENT)).andExpect(method(HttpMethod.POST))
                .andExpect(content().json("""
                        {"channel":"INTEGRATION","customerId":"acme","where":{"location":"3 楼财务室"},
                         "what":{"symptom":"UPS 一直在报警"},"locale":"zh-CN"}""", JsonCompareMode.LENIENT))
                .andRespond(withSuccess("""
                        {"completeness":{"score":0.33,"missing":["WHEN","WHO","WHY","HOW"]},"courtesy":[],"duplicates":[]}""",
                        MediaType.APPLICATION_JSON));
        CallForm report = new CallForm();
        report.setCustomerId("globex");
        report.setSymptom("UPS 一直在报警");
        report.setLocation("3 楼财务室");
        ExtendedModelMap model = new ExtendedModelMap();

        String view = portal.completeness(report, model, customer("acme"), Locale.SIMPLIFIED_CHINESE);

        assertThat(view).isEqualTo("portal-parts :: completeness");
        DraftAssessment assessment = (DraftAssessment) model.get("assessment");
        assertThat(assessment.answered()).isEqualTo(2);
        assertThat(List.of("WHAT", "WHERE", "WHEN", "WHO", "WHY", "HOW")).filteredOn(assessment::lacks)
                .containsExactly("WHEN", "WHO", "WHY", "HOW");
        services.verify();
    }

    @Test
    void portalSaysWhatIntakeRefusedByTheQuestionTheCustomerAnswered() {
        services.expect(requestTo(ASSESSMENT)).andRespond(withStatus(HttpStatus.BAD_REQUEST)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body("""
                        {"code":"VALIDATION_FAILED","errors":[{"field":"what.symptom","message":"size must be between 0 and 2000"}]}"""));
        ExtendedModelMap model = new ExtendedModelMap();

        portal.completeness(new CallForm(), model, customer("acme"), Locale.ENGLISH);

        DraftAssessment assessment = (DraftAssessment) model.get("assessment");
        assertThat(assessment.scored()).isFalse();
        // the field is named by the question the customer answered, not by the agent's label
        assertThat(assessment.problems()).singleElement().asString()
                .startsWith("What is wrong? What do you see?: ").contains("size must be between 0 and 2000");
    }

    @Test
    void anAmendmentIsAssessedWithoutNamingTheTicketItselfAsOneItRepeats() {
        services.expect(requestTo(ASSESSMENT)).andRespond(withSuccess("""
                {"completeness":{"score":1.0,"missing":[]},"courtesy":[],"duplicates":[
                  {"ticketId":"t-3","number":"YW-3","status":"RECORDED","likeness":"SAME_SITE","linksTo":false},
                  {"ticketId":"t-8","number":"YW-8","status":"OPEN","likeness":"SAME_SITE","linksTo":false}]}""",
                MediaType.APPLICATION_JSON));
        ExtendedModelMap model = new ExtendedModelMap();

        String view = desk.amendmentAssessment("t-3", new CallForm(), model, Locale.ENGLISH);

        assertThat(view).isEqualTo("desk-parts :: assessmentAnswer");
        assertThat(((DraftAssessment) model.get("assessment")).duplicates())
                .extracting(d -> d.path("ticketId").asString()).containsExactly("t-8");
    }

    private static OidcUser customer(String organisation) {
        OidcIdToken token = new OidcIdToken("token", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "customer-" + organisation, PortalController.CUSTOMER_CLAIM, organisation));
        return new DefaultOidcUser(List.of(), token);
    }
}
