package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

import io.micrometer.core.instrument.MeterRegistry;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

@IntegrationTest
@AutoConfigureMockMvc
class VisitMetricsIT {

    private static final TestEvents dispatch = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    MeterRegistry meters;

    @Test
    void registersEverySeriesAtStart() {
        assertThat(meters.find(VisitMetrics.COMPLETED).counters()).extracting(c -> c.getId().getTag("outcome"))
                .contains("RESOLVED", "REVISIT_NEEDED", "UNRESOLVED");
        assertThat(meters.find(VisitMetrics.EVIDENCE_REFUSED).counters()).extracting(c -> c.getId().getTag("reason"))
                .contains("CONSENT_REQUIRED", "UNSUPPORTED_EVIDENCE_TYPE", "EVIDENCE_TOO_LARGE", "OTHER");
        assertThat(meters.find(VisitMetrics.CONSENT_MISSING).counters()).extracting(c -> c.getId().getTag("consent"))
                .contains("PHOTO", "SYSTEM_LOGIN", "TOOL_INSTALL", "DEVICE_MOVE");
    }

    @Test
    void countsAPhotoRefusedForLackOfConsent() throws Exception {
        double refused = count(VisitMetrics.EVIDENCE_REFUSED, "reason", "CONSENT_REQUIRED");
        double missing = count(VisitMetrics.CONSENT_MISSING, "consent", "PHOTO");
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();

        mvc.perform(multipart("/api/v1/visits/{id}/evidence", site.visit)
                .file(new MockMultipartFile("file", "rack.png", "image/png", EvidenceIT.PNG))
                .with(engineer(site.engineerId))).andExpect(status().isConflict());

        assertThat(count(VisitMetrics.EVIDENCE_REFUSED, "reason", "CONSENT_REQUIRED")).isEqualTo(refused + 1);
        assertThat(count(VisitMetrics.CONSENT_MISSING, "consent", "PHOTO")).isEqualTo(missing + 1);
    }

    @Test
    void countsWorkRefusedForLackOfTheConsentItNeeds() throws Exception {
        double missing = count(VisitMetrics.CONSENT_MISSING, "consent", "TOOL_INSTALL");
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.post("diagnosis", OnSite.DIAGNOSIS).andExpect(status().isOk());

        site.post("resolution", OnSite.RESOLUTION.replace("}", ",\"actions\":[\"TOOL_INSTALL\"]}"))
                .andExpect(status().isConflict());

        assertThat(count(VisitMetrics.CONSENT_MISSING, "consent", "TOOL_INSTALL")).isEqualTo(missing + 1);
    }

    @Test
    void countsCompletedVisitsByOutcome() throws Exception {
        double resolved = count(VisitMetrics.COMPLETED, "outcome", "RESOLVED");
        OnSite site = OnSite.dispatched(mvc, dispatch, null).resolvedButNotCompleted();

        site.post("completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}").andExpect(status().isOk());

        assertThat(count(VisitMetrics.COMPLETED, "outcome", "RESOLVED")).isEqualTo(resolved + 1);
    }

    private double count(String name, String tag, String value) {
        return meters.get(name).tag(tag, value).counter().count();
    }
}
