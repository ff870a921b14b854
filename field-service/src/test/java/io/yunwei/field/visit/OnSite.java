package io.yunwei.field.visit;

import static io.yunwei.chassis.testkit.Callers.engineer;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.TestEvents;

/** Drives one ticket's visit through the API as its engineer would; the steps of a good visit are ready-made. */
final class OnSite {

    static final String SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    static final String FULL_CHECKLIST = """
            {"uniformWorn":true,"badgeShown":true,"questions":[
              {"topic":"SHOE_COVERS","asked":true,"answer":"REQUIRED","complied":true,"note":"机房要求穿鞋套"},
              {"topic":"ANTI_STATIC","asked":true,"answer":"REQUIRED","complied":true},
              {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true,"note":"已在前台登记"}]}""";
    static final String DIAGNOSIS = """
            {"symptomRestated":"打印机每打印几页就卡纸，并显示错误 E13","causeExplained":"进纸辊磨损，纸张进入时打滑，所以会卡纸"}""";
    static final String INSPECTION = """
            {"items":[{"assetId":"acme-printer-01","status":"OK","note":"进纸正常",
              "info":{"model":"LaserJet M404","serialNumber":"CN12345"}},
              {"assetId":"acme-ups-01","status":"NEEDS_ATTENTION","note":"电池已使用四年"}]}""";
    static final String RESOLUTION = """
            {"solution":"更换进纸辊并清理纸道","emergencyHandling":"卡纸时先关机再取纸",
             "maintenanceAdvice":"每月清洁一次进纸辊"}""";
    static final String SERVICE_FORM = """
            {"signerName":"张先生","signature":"%s","evaluation":{"score":5,"comment":"很专业"}}""".formatted(SIGNATURE);

    final MockMvc mvc;
    final String ticket = UUID.randomUUID().toString();
    final String engineerId = "e-" + UUID.randomUUID().toString().substring(0, 8);
    final String customerId = "c-" + UUID.randomUUID().toString().substring(0, 8);
    String visit;

    private OnSite(MockMvc mvc) {
        this.mvc = mvc;
    }

    /** A ticket dispatched to a fresh engineer; {@code accessRules} is the JSON of the site's rules, or null. */
    static OnSite dispatched(MockMvc mvc, TestEvents dispatch, String accessRules) {
        OnSite site = new OnSite(mvc);
        dispatch.send("dispatch.events", "dispatch.assigned.v1", site.ticket, 1,
                "{\"ticketId\":\"%s\",\"dispatchId\":\"%s-D1\",\"engineerId\":\"%s\",\"customerId\":\"%s\",\"siteId\":\"s1\"%s}"
                        .formatted(site.ticket, site.ticket, site.engineerId, site.customerId,
                                accessRules == null ? "" : ",\"accessRules\":" + accessRules));
        site.visit = site.awaitVisit(1);
        return site;
    }

    /** Waits until the ticket has its {@code n}th visit, and works on that one from now on. */
    String awaitVisit(int n) {
        visit = await().atMost(Duration.ofSeconds(20)).until(() -> {
            String body = mvc.perform(get("/api/v1/visits").with(engineer(engineerId))).andReturn().getResponse()
                    .getContentAsString();
            List<String> ids = JsonPath.read(body, "$[?(@.ticketId == '%s')].id".formatted(ticket));
            return ids.size() < n ? null : ids.get(n - 1);
        }, id -> id != null);
        return visit;
    }

    ResultActions post(String step, String body) throws Exception {
        return send(MockMvcRequestBuilders.post("/api/v1/visits/{id}/" + step, visit), body);
    }

    ResultActions put(String step, String body) throws Exception {
        return send(MockMvcRequestBuilders.put("/api/v1/visits/{id}/" + step, visit), body);
    }

    ResultActions consent(String type) throws Exception {
        return post("consents", "{\"type\":\"%s\",\"grantedBy\":\"李经理\"}".formatted(type));
    }

    /** Check-in and a complete site-entry checklist: the point where work may start. */
    OnSite readyToWork() throws Exception {
        post("check-in", "").andExpect(status().isOk());
        put("site-checklist", FULL_CHECKLIST).andExpect(status().isOk());
        return this;
    }

    /** Every step a RESOLVED visit needs, up to (not including) completion. */
    OnSite resolvedButNotCompleted() throws Exception {
        readyToWork();
        post("diagnosis", DIAGNOSIS).andExpect(status().isOk());
        post("inspection", INSPECTION).andExpect(status().isOk());
        post("resolution", RESOLUTION).andExpect(status().isOk());
        post("service-form", SERVICE_FORM).andExpect(status().isOk());
        return this;
    }

    private ResultActions send(MockHttpServletRequestBuilder request, String body) throws Exception {
        request.with(engineer(engineerId));
        return mvc.perform(body.isEmpty() ? request : request.contentType(MediaType.APPLICATION_JSON).content(body));
    }
}
