package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.customer;
import static io.yunwei.chassis.testkit.Callers.engineer;
import static io.yunwei.chassis.testkit.Callers.role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

@IntegrationTest
@AutoConfigureMockMvc
class EvidenceIT {

    static final byte[] PNG = Base64.getDecoder().decode(OnSite.SIGNATURE.substring(OnSite.SIGNATURE.indexOf(',') + 1));

    private static final TestEvents dispatch = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    @Autowired
    GridFsTemplate gridFs;

    @Test
    void refusesPhotoWithoutConsent() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        upload(site, "rack.png", PNG).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CONSENT_REQUIRED"))
                .andExpect(jsonPath("$.consent").value("PHOTO"));
        assertThat(gridFs.find(query(where("metadata.owner").is(site.visit))).into(new ArrayList<>())).isEmpty();
    }

    @Test
    void refusesPhotoOnceTheCustomerHasWithdrawnTheirConsent() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        site.post("consents", "{\"type\":\"PHOTO\",\"grantedBy\":\"李经理\",\"refused\":true}")
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.consents[1].refused").value(true));
        upload(site, "rack.png", PNG).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("CONSENT_REQUIRED"));
    }

    @Test
    void refusesEvidenceBeforeTheSiteChecklistIsComplete() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("check-in", "").andExpect(status().isOk());
        site.consent("PHOTO").andExpect(status().isOk());
        upload(site, "rack.png", PNG).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("SITE_CHECKLIST_INCOMPLETE"));
    }

    @Test
    void storesThePhotoInGridFsWithItsChecksumAndServesItToThoseWhoMaySeeTheVisit() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PNG));

        String body = upload(site, "机柜.png", PNG).andExpect(status().isCreated())
                .andExpect(jsonPath("$.evidence[0].contentType").value("image/png"))
                .andExpect(jsonPath("$.evidence[0].sha256").value(sha256))
                .andExpect(jsonPath("$.evidence[0].size").value(PNG.length))
                .andReturn().getResponse().getContentAsString();
        String download = JsonPath.read(body, "$.evidence[0].download");

        upload(site, "机柜.png", PNG).andExpect(status().isCreated()).andExpect(jsonPath("$.evidence.length()").value(1));
        assertThat(gridFs.find(query(where("metadata.owner").is(site.visit))).into(new ArrayList<>())).hasSize(1);
        mvc.perform(get(download).with(engineer(site.engineerId))).andExpect(status().isOk())
                .andExpect(content().contentType("image/png")).andExpect(content().bytes(PNG))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"));
        mvc.perform(get(download).with(customer(site.customerId))).andExpect(status().isOk());
        mvc.perform(get(download).with(role("SUPERVISOR"))).andExpect(status().isOk());
        mvc.perform(get(download).with(engineer("someone-else"))).andExpect(status().isNotFound());
        mvc.perform(get(download).with(customer("another-customer"))).andExpect(status().isNotFound());
    }

    @Test
    void acceptsAPdfScreenshotReport() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        upload(site, "report.pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII)).andExpect(status().isCreated())
                .andExpect(jsonPath("$.evidence[0].contentType").value("application/pdf"));
    }

    @Test
    void refusesAFileThatIsNotAnImageOrPdfWhateverItsName() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        upload(site, "photo.png", "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("UNSUPPORTED_EVIDENCE_TYPE"));
    }

    @Test
    void refusesAFileOverTheSizeCap() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        byte[] large = new byte[5 * 1024 * 1024 + 1];
        System.arraycopy(PNG, 0, large, 0, PNG.length);
        upload(site, "huge.png", large).andExpect(status().isPayloadTooLarge())
                .andExpect(jsonPath("$.code").value("EVIDENCE_TOO_LARGE"));
    }

    private ResultActions upload(OnSite site, String filename, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/api/v1/visits/{id}/evidence", site.visit)
                .file(new MockMultipartFile("file", filename, "image/png", bytes))
                .param("caption", "机柜背面")
                .with(engineer(site.engineerId)));
    }
}
