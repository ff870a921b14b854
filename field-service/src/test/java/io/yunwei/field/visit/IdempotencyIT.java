package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.gridfs.GridFsTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import io.yunwei.chassis.idempotency.IdempotencyKeys;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/** Retried creating steps under an {@code Idempotency-Key}, and the checklist guarded by {@code If-Match}. */
@IntegrationTest
@AutoConfigureMockMvc
class IdempotencyIT {

    private static final TestEvents dispatch = TestInfrastructure.get().events();
    private static final String PHOTO_CONSENT = "{\"type\":\"PHOTO\",\"grantedBy\":\"李经理\"}";

    @Autowired
    MockMvc mvc;

    @Autowired
    GridFsTemplate gridFs;

    @Test
    void recordsARetriedConsentOnceAndAnswersTheRetryAsTheFirstTime() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        String key = UUID.randomUUID().toString();

        MockHttpServletResponse first = keyed(site, "consents", key, PHOTO_CONSENT).andExpect(status().isOk())
                .andReturn().getResponse();
        MockHttpServletResponse retry = keyed(site, "consents", key, PHOTO_CONSENT).andExpect(status().isOk())
                .andExpect(header().string(IdempotencyKeys.REPLAYED, "true")).andReturn().getResponse();

        assertThat(retry.getContentAsString()).isEqualTo(first.getContentAsString());
        assertThat(retry.getHeader(HttpHeaders.ETAG)).isEqualTo(first.getHeader(HttpHeaders.ETAG));
        visit(site).andExpect(jsonPath("$.consents.length()").value(1));
    }

    @Test
    void storesARetriedUploadOnceAndAnswersTheRetryAsTheFirstTime() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        String key = UUID.randomUUID().toString();

        String first = upload(site, key, "机柜背面").andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString();
        String retry = upload(site, key, "机柜背面").andExpect(status().isCreated())
                .andExpect(header().string(IdempotencyKeys.REPLAYED, "true")).andReturn().getResponse()
                .getContentAsString();

        assertThat(retry).isEqualTo(first);
        visit(site).andExpect(jsonPath("$.evidence.length()").value(1));
        assertThat(gridFs.find(query(where("metadata.owner").is(site.visit))).into(new ArrayList<>())).hasSize(1);
    }

    @Test
    void answersARetriedCheckInInsteadOfRefusingTheSecondOne() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        String key = UUID.randomUUID().toString();

        keyed(site, "check-in", key, null).andExpect(status().isOk());
        keyed(site, "check-in", key, null).andExpect(status().isOk()).andExpect(jsonPath("$.status").value("ON_SITE"));
        site.post("check-in", "").andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("ILLEGAL_TRANSITION"));
    }

    @Test
    void refusesTheSameKeyWithAnotherConsent() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        String key = UUID.randomUUID().toString();
        keyed(site, "consents", key, PHOTO_CONSENT).andExpect(status().isOk());

        keyed(site, "consents", key, "{\"type\":\"PHOTO\",\"grantedBy\":\"王主任\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        visit(site).andExpect(jsonPath("$.consents.length()").value(1));
    }

    @Test
    void refusesTheSameKeyWithAnotherCaptionAndStoresNoSecondFile() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        site.consent("PHOTO").andExpect(status().isOk());
        String key = UUID.randomUUID().toString();
        upload(site, key, "机柜背面").andExpect(status().isCreated());

        upload(site, key, "机柜正面").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
        assertThat(gridFs.find(query(where("metadata.owner").is(site.visit))).into(new ArrayList<>())).hasSize(1);
    }

    @Test
    void refusesAKeyUsedForOneStepOnAnother() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null).readyToWork();
        String key = UUID.randomUUID().toString();
        keyed(site, "consents", key, PHOTO_CONSENT).andExpect(status().isOk());

        keyed(site, "diagnosis", key, OnSite.DIAGNOSIS).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("IDEMPOTENCY_KEY_REUSED"));
    }

    @Test
    void refusesAChecklistWrittenOverAVisitThatChangedSinceItWasRead() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("check-in", "").andExpect(status().isOk());
        String read = visit(site).andExpect(status().isOk()).andReturn().getResponse().getHeader(HttpHeaders.ETAG);

        String written = checklist(site, read).andExpect(status().isOk()).andReturn().getResponse()
                .getHeader(HttpHeaders.ETAG);
        assertThat(written).isNotEqualTo(read);

        checklist(site, read).andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.code").value("PRECONDITION_FAILED"))
                .andExpect(jsonPath("$.currentETag").value(written));
        visit(site).andExpect(header().string(HttpHeaders.ETAG, written));
    }

    @Test
    void replacesTheChecklistWithoutIfMatchAsBefore() throws Exception {
        OnSite site = OnSite.dispatched(mvc, dispatch, null);
        site.post("check-in", "").andExpect(status().isOk());

        site.put("site-checklist", OnSite.FULL_CHECKLIST).andExpect(status().isOk())
                .andExpect(header().exists(HttpHeaders.ETAG));
    }

    private ResultActions keyed(OnSite site, String step, String key, String body) throws Exception {
        var request = post("/api/v1/visits/{id}/" + step, site.visit).header(IdempotencyKeys.HEADER, key)
                .with(engineer(site.engineerId));
        return mvc.perform(body == null ? request : request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions checklist(OnSite site, String ifMatch) throws Exception {
        return mvc.perform(put("/api/v1/visits/{id}/site-checklist", site.visit).header(HttpHeaders.IF_MATCH, ifMatch)
                .contentType(MediaType.APPLICATION_JSON).content(OnSite.FULL_CHECKLIST).with(engineer(site.engineerId)));
    }

    private ResultActions upload(OnSite site, String key, String caption) throws Exception {
        return mvc.perform(multipart("/api/v1/visits/{id}/evidence", site.visit)
                .file(new MockMultipartFile("file", "rack.png", "image/png", EvidenceIT.PNG))
                .param("caption", caption).header(IdempotencyKeys.HEADER, key)
                .with(engineer(site.engineerId)));
    }

    private ResultActions visit(OnSite site) throws Exception {
        return mvc.perform(get("/api/v1/visits/{id}", site.visit).with(engineer(site.engineerId)));
    }
}
