package io.yunwei.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

/** A ticket's way through the running system, driven through the gateway as the demo clients would. */
final class Journeys {

    private static final String SIGNATURE = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

    private Journeys() {
    }

    /** An engineer reports an inspection finding; returns the new ticket's id. */
    static String report(Api api) {
        Api.Response created = api.post("engineer-wang", "/api/v1/tickets", """
                {"channel":"INSPECTION","customerId":"acme","siteId":"acme-hq","assetIds":["acme-ups-01"],
                 "when":{"occurredAt":"2026-11-25T09:30:00+08:00"},"who":{"reportedBy":"王工"},
                 "where":{"location":"机房 A 排 3 号柜"},"what":{"symptom":"UPS 告警灯闪烁","errorMessages":["E21"]},
                 "why":{"suspectedCause":"电池老化"},"how":{"discoveredHow":"巡检发现","impact":"HIGH","urgency":"MEDIUM"}}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.<String>read("$.status")).isEqualTo("OPEN");
        return created.read("$.id");
    }

    /** The assigned engineer works the planned visit from check-in to completion. */
    static void workTheVisit(Api api, String ticket, String engineer) {
        String client = clientOf(engineer);
        String visit = plannedVisit(api, ticket, engineer);
        Api.Response planned = api.get(client, "/api/v1/visits/" + visit);
        assertThat(planned.<List<String>>read("$.siteChecklist.requiredQuestions"))
                .as("the site's entry rules travel from intake through dispatch to the visit")
                .containsExactlyInAnyOrder("SHOE_COVERS", "ANTI_STATIC", "REGISTRATION", "OTHER_RULES");
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/check-in", ""));
        expectOk(api.put(client, "/api/v1/visits/" + visit + "/site-checklist", """
                {"uniformWorn":true,"badgeShown":true,"questions":[
                  {"topic":"SHOE_COVERS","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"ANTI_STATIC","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"REGISTRATION","asked":true,"answer":"REQUIRED","complied":true},
                  {"topic":"OTHER_RULES","asked":true,"answer":"REQUIRED","complied":true}]}"""));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/diagnosis",
                "{\"symptomRestated\":\"UPS 告警灯闪烁\",\"causeExplained\":\"电池组老化，储电不足，所以告警\"}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/inspection",
                "{\"items\":[{\"assetId\":\"acme-ups-01\",\"status\":\"OK\",\"note\":\"更换后自检正常\"}]}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/resolution",
                "{\"solution\":\"更换 UPS 电池组\",\"emergencyHandling\":\"告警时切换旁路\",\"maintenanceAdvice\":\"每季度做一次放电测试\"}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/service-form",
                "{\"signerName\":\"张伟\",\"signature\":\"" + SIGNATURE + "\",\"evaluation\":{\"score\":5,\"comment\":\"专业\"}}"));
        expectOk(api.post(client, "/api/v1/visits/" + visit + "/completion", "{\"outcome\":\"RESOLVED\",\"cleanupDone\":true}"));
    }

    /** The demo client an engineer signs in as. */
    static String clientOf(String engineer) {
        return engineer.equals("eng-wang") ? "engineer-wang" : "engineer-li";
    }

    /** The visit field planned for the ticket's engineer, once it is there. */
    static String plannedVisit(Api api, String ticket, String engineer) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            List<String> ids = api.get(clientOf(engineer), "/api/v1/visits")
                    .read("$[?(@.ticketId == '" + ticket + "' && @.status == 'PLANNED')].id");
            return ids.isEmpty() ? null : ids.getFirst();
        }, id -> id != null);
    }

    static Api.Response awaitStatus(Api api, String ticket, String status) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> api.get("agent", "/api/v1/tickets/" + ticket),
                response -> response.status() == 200 && status.equals(response.read("$.status")));
    }

    private static void expectOk(Api.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }
}
