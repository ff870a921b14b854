package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static io.yunwei.field.visit.OnSite.DIAGNOSIS;
import static io.yunwei.field.visit.OnSite.RESOLUTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;

@IntegrationTest
@AutoConfigureMockMvc
class VisitIT {

    private static final TestEvents dispatch = TestInfrastructure.get().events();
    private static final TopicProbe fieldEvents = TestInfrastructure.get().probe("field.events");

    @Autowired
    MockMvc mvc;

    @Test
    void walksAFullResolvedVisitAndAnnouncesIt() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.consent("SYSTEM_LOGIN").andExpect(status().isOk())
                .andExpect(jsonPath("$.consents[0].grantedBy").value("李经理"))
                .andExpect(jsonPath("$.consents[0].grantedAt").isNotEmpty());
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("inspection", OnSite.INSPECTION).andExpect(status().isOk())
                .andExpect(jsonPath("$.inspection.items[1].status").value("NEEDS_ATTENTION"));
        site.post("resolution", RESOLUTION.replace("}", ",\"actions\":[\"SYSTEM_LOGIN\"]}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.resolution.consentsRelied[0].type").value("SYSTEM_LOGIN"));
        site.post("service-form", OnSite.SERVICE_FORM).andExpect(status().isOk())
                .andExpect(jsonPath("$.serviceForm.signerName").value("张先生"));
        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("COMPLETED"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fieldEvents.typesOf(site.ticket))
                .containsExactly("visit.checked-in.v1", "asset.info-collected.v1", "visit.completed.v1"));
        List<ConsumerRecord<String, String>> published = fieldEvents.records().stream()
                .filter(r -> site.ticket.equals(r.key())).toList();
        String completed = published.getLast().value();
        assertThat((String) JsonPath.read(completed, "$.outcome")).isEqualTo("RESOLVED");
        assertThat((Boolean) JsonPath.read(completed, "$.serviceFormSigned")).isTrue();
        assertThat((String) JsonPath.read(completed, "$.completedAt")).isNotBlank();
        assertThat((String) JsonPath.read(completed, "$.dispatchId")).isEqualTo(site.ticket + "-D1");
        assertThat((String) JsonPath.read(completed, "$.customerId")).isEqualTo(site.customerId);
        assertThat((String) JsonPath.read(completed, "$.diagnosis.causeExplained")).isEqualTo("进纸辊磨损，纸张进入时打滑，所以会卡纸");
        assertThat((String) JsonPath.read(completed, "$.resolution.solution")).isEqualTo("更换进纸辊并清理纸道");
        assertThat((String) JsonPath.read(completed, "$.resolution.emergencyHandling")).isEqualTo("卡纸时先关机再取纸");
        assertThat((String) JsonPath.read(completed, "$.resolution.maintenanceAdvice")).isEqualTo("每月清洁一次进纸辊");
        assertThat((List<String>) JsonPath.read(completed, "$.inspection.items[*].status"))
                .containsExactly("OK", "NEEDS_ATTENTION");
        assertThat((String) JsonPath.read(completed, "$.inspection.items[1].note")).isEqualTo("电池已使用四年");
        assertThat((Integer) JsonPath.read(completed, "$.evaluation.score")).isEqualTo(5);
        assertThat((String) JsonPath.read(completed, "$.signerName")).isEqualTo("张先生");
        assertThat((Object) JsonPath.read(completed, "$.decision")).isNull();
        Map<String, String> info = JsonPath.read(published.get(1).value(), "$.assets[0].info");
        assertThat(info).containsEntry("serialNumber", "CN12345");
        assertThat((String) JsonPath.read(published.get(1).value(), "$.customerId")).isEqualTo(site.customerId);
    }

    @Test
    void printsTheServiceFormWithWhatWasDoneAndEscapesWhatWasTyped() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("inspection", OnSite.INSPECTION).andExpect(status().isOk());
        site.post("resolution", RESOLUTION).andExpect(status().isOk());
        site.post("service-form", OnSite.SERVICE_FORM.replace("张先生", "张先生<script>")).andExpect(status().isOk());

        String page = mvc.perform(get("/api/v1/visits/{id}/service-form", site.visit).with(role("SUPERVISOR")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", Matchers.startsWith("default-src 'none'")))
                .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("张先生&lt;script&gt;", "更换进纸辊并清理纸道", "进纸辊磨损", "acme-ups-01", "李经理",
                "data:image/png;base64,").doesNotContain("<script>");
    }

    @Test
    void printsTheServiceFormAsPdfInAnEmbeddedFontWithTheChineseTextExtractable() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.resolvedButNotCompleted();
        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isOk());

        byte[] pdf = mvc.perform(get("/api/v1/visits/{id}/service-form", site.visit).with(engineer(site.engineerId))
                .accept(MediaType.APPLICATION_PDF)).andExpect(status().isOk())
                .andExpect(content().contentType(MediaType.APPLICATION_PDF)).andReturn().getResponse().getContentAsByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(document);
            assertThat(text).contains("张先生", "更换进纸辊并清理纸道", "每月清洁一次进纸辊", "acme-printer-01");
            PDResources resources = document.getPage(0).getResources();
            for (COSName name : resources.getFontNames()) {
                assertThat(resources.getFont(name).isEmbedded()).as("font %s embedded", name).isTrue();
            }
            assertThat(resources.getFontNames()).isNotEmpty();
        }
    }

    @Test
    void movesThePlannedVisitToTheBookedAppointment() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        dispatch.send("dispatch.events", "appointment.booked.v1", site.ticket, 2,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"windowStart\":\"2026-12-01T01:00:00Z\",\"windowEnd\":\"2026-12-01T03:00:00Z\"}"
                        .formatted(site.ticket, site.ticket));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/visits/{id}", site.visit)
                .with(engineer(site.engineerId))).andExpect(jsonPath("$.appointment.windowStart").value("2026-12-01T01:00:00Z")));
        assertThat(site.awaitVisit(1)).isEqualTo(site.visit);
    }

    @Test
    void callsOffThePlannedVisitWhenTheDispatchIsReassigned() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, "{\"registrationRequired\":true,\"shoeCovers\":false,\"antiStatic\":false}");
        dispatch.send("dispatch.events", "dispatch.reassigned.v1", site.ticket, 2,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D2\",\"engineerId\":\"other-engineer\",\"previousDispatchId\":\"%s-D1\"}"
                        .formatted(site.ticket, site.ticket, site.ticket));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> mvc.perform(get("/api/v1/visits/{id}", site.visit)
                .with(engineer(site.engineerId))).andExpect(jsonPath("$.status").value("CANCELLED")));
        mvc.perform(get("/api/v1/visits/{id}", site.ticket + "-V2").with(engineer("other-engineer")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.dispatchId").value(site.ticket + "-D2"))
                .andExpect(jsonPath("$.customerId").value(site.customerId))
                .andExpect(jsonPath("$.siteChecklist.requiredQuestions").value(Matchers.contains("REGISTRATION")));
        site.post("check-in", "").andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"));
    }

    @Test
    void refusesCompletionListingEveryMissingStepAtOnce() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":false}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("VISIT_INCOMPLETE"))
                .andExpect(jsonPath("$.missingSteps").value(Matchers.contains("CHECK_IN", "SITE_CHECKLIST", "DIAGNOSIS",
                        "RESOLUTION", "INSPECTION", "SITE_CLEANUP", "SERVICE_FORM")));
    }

    @Test
    void asksForTheReasonAndTheNextVisitWhenARevisitIsNeeded() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        site.post("completion", "{\"outcome\":\"REVISIT_NEEDED\",\"cleanupDone\":true}").andExpect(status().isConflict())
                .andExpect(jsonPath("$.missingSteps").value(Matchers.contains("NEXT_VISIT_REASON", "NEXT_VISIT_PROPOSAL")));
    }

    @Test
    void refusesWorkBeforeTheSiteChecklistIsComplete() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("check-in", "").andExpect(status().isOk());
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("SITE_CHECKLIST_INCOMPLETE"))
                .andExpect(jsonPath("$.missing").value(Matchers.contains("UNIFORM", "BADGE", "ASK_SHOE_COVERS",
                        "ASK_ANTI_STATIC", "ASK_REGISTRATION")));
        site.put("site-checklist", "{\"uniformWorn\":true,\"badgeShown\":true,\"questions\":[]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.siteChecklist.complete").value(false));
        site.post("resolution", RESOLUTION).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("SITE_CHECKLIST_INCOMPLETE"));
        site.post("inspection", OnSite.INSPECTION).andExpect(status().isConflict())
                .andExpect(jsonPath("$.missing").value(Matchers.contains("ASK_SHOE_COVERS", "ASK_ANTI_STATIC",
                        "ASK_REGISTRATION")));
    }

    @Test
    void asksOnlyTheQuestionsTheSiteRulesRequireWhenTheyAreKnown() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch,
                "{\"registrationRequired\":true,\"shoeCovers\":false,\"antiStatic\":false,\"notes\":null}");
        site.post("check-in", "").andExpect(status().isOk())
                .andExpect(jsonPath("$.siteChecklist.requiredQuestions").value(Matchers.contains("REGISTRATION")));
        site.put("site-checklist", """
                {"uniformWorn":true,"badgeShown":true,"questions":[
                  {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true}]}""")
                .andExpect(status().isOk()).andExpect(jsonPath("$.siteChecklist.complete").value(true));
        site.post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
    }

    @Test
    void holdsTheEngineerToWhatTheCustomerSaidAtTheDoor() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("check-in", "").andExpect(status().isOk());
        site.put("site-checklist", OnSite.FULL_CHECKLIST.replace("\"REQUIRED\",\"complied\":true,\"note\":\"机房要求穿鞋套\"",
                "\"REQUIRED\",\"complied\":false")).andExpect(status().isOk())
                .andExpect(jsonPath("$.siteChecklist.missing").value(Matchers.contains("COMPLY_SHOE_COVERS")));
    }

    @Test
    void refusesCollectedAssetInfoNamesThatCannotBeStored() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("inspection", "{\"items\":[{\"assetId\":\"a1\",\"status\":\"OK\",\"info\":{\"$where\":\"x\"}}]}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("VALIDATION_FAILED"));
    }

    @Test
    void refusesSystemLoginWorkWithoutTheCustomersConsent() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("resolution", RESOLUTION.replace("}", ",\"actions\":[\"SYSTEM_LOGIN\"]}")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CONSENT_REQUIRED"))
                .andExpect(jsonPath("$.consent").value("SYSTEM_LOGIN"));
    }

    @Test
    void refusesAVagueDiagnosis() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("diagnosis", "{\"symptomRestated\":\"打印机卡纸\",\"causeExplained\":\"可能是进纸辊的问题\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("DISCOURTEOUS_TEXT"))
                .andExpect(jsonPath("$.findings[0].category").value("VAGUENESS"));
    }

    @Test
    void refusesASignatureThatIsNotAnImage() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.readyToWork();
        site.post("resolution", "{\"solution\":\"重启\"}").andExpect(status().isOk());
        site.post("service-form", "{\"signerName\":\"张先生\",\"signature\":\"aGVsbG8=\",\"evaluation\":{\"score\":5}}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("signature"));
    }

    @Test
    void hidesTheVisitFromOtherEngineersAndCustomers() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        mvc.perform(get("/api/v1/visits/{id}", site.visit).with(engineer("someone-else"))).andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/visits/{id}/check-in", site.visit).with(engineer("someone-else")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/visits/{id}", site.visit).with(io.yunwei.chassis.testkit.Callers.customer("other")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/visits/{id}", site.visit).with(role("DISPATCHER"))).andExpect(status().isOk());
    }
}
