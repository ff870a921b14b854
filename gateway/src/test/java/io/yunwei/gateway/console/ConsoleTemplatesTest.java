package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pages render what the API answers, including the parts a quiet day never shows. */
class ConsoleTemplatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void boardShowsWhyEachCandidateWasRuledOutOrLost() {
        JsonNode dispatch = JSON.readTree("""
                {"id":"d-1","ticketId":"t-1","engineerId":"eng-wang","status":"ASSIGNED","explanation":{
                  "chosen":"eng-wang","reason":"highest score","notCoveringArea":3,"candidates":[
                    {"engineerId":"eng-wang","eligible":true,"ruledOutBecause":[],"freeSlots":2,"score":{"total":92.0},"coverage":"PRIMARY"},
                    {"engineerId":"eng-li","eligible":true,"ruledOutBecause":[],"freeSlots":8,"score":{"total":86.0},"coverage":"PRIMARY","lostBecause":"lower score"},
                    {"engineerId":"eng-zhao","eligible":false,"ruledOutBecause":["off shift","no skill for UPS"],"freeSlots":0,"score":{"total":0.0},"coverage":"BACKUP"}]}}""");

        String html = render("board", Locale.ENGLISH, BoardTemplatesTest.quietPanels(Map.of("dispatches",
                List.of(dispatch), "escalations", List.of(), "idempotencyKey", "k-1")));

        assertThat(html).contains("assigned to eng-wang", "Why: highest score", "(3 more do not cover it)", "chosen",
                "lower score", ">off shift<", ">; no skill for UPS<");
    }

    @Test
    void boardKeepsWhatTheDispatcherTypedWithTheProblemByItsField() {
        JsonNode escalation = JSON.readTree("""
                {"ticketId":"t-9","reason":"NO_ELIGIBLE_ENGINEER","failures":2}""");
        BoardController.Typed typed = new BoardController.Typed("t-9", "eng-li", "",
                Map.of("reason", List.of("Not accepted: must not be blank")), List.of());
        Map<String, Object> model = BoardTemplatesTest.quietPanels(Map.of("dispatches", List.of(), "escalations",
                List.of(escalation), "idempotencyKey", "k-2"));
        model.put("typed", typed);

        String html = render("board", Locale.ENGLISH, model);

        assertThat(html).contains("value=\"eng-li\"", "Not accepted: must not be blank", "is-invalid");
    }

    @Test
    void deskSaysWhatIsMissingInChinese() {
        JsonNode ticket = JSON.readTree("""
                {"id":"t-1","number":"YW-1","status":"RECORDED","completeness":{"score":0.83,"missing":["WHERE"]},
                 "blockers":["RECORD_INCOMPLETE","READ_BACK_PENDING"],"priority":"P3"}""");
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", ticket);
        model.put("call", CallForm.of(ticket, "\"1\"", java.time.ZoneId.of("Asia/Shanghai")));
        model.put("errors", Map.of());
        model.put("general", List.of());
        model.put("missing", Map.of("location", "WHERE"));
        model.put("blockers", List.of("RECORD_INCOMPLETE", "READ_BACK_PENDING"));
        model.put("score", 83L);
        model.put("readBackDue", false);
        model.put("readBack", new DeskController.ReadBack("", ""));
        model.put("findings", List.of());
        model.put("assessment", DraftAssessment.of(JSON.readTree("""
                {"completeness":{"score":0.83,"missing":["WHERE"]},"courtesy":[],"duplicates":[]}""")));
        noCustomerChosen(model);

        String html = render("ticket", Locale.SIMPLIFIED_CHINESE, model);

        // the amendment is assessed as it is typed, as on the desk
        assertThat(html.replaceAll("\\s+", " ")).contains("hx-post=\"/desk/tickets/t-1/assessment\"",
                "id=\"draft-score\"", "class=\"me-2 draft-missing-dimension\" data-dimension=\"WHERE\"");
        assertThat(html).contains("<html lang=\"zh-CN\">", "缺少:请询问故障地点", "data-dimension=\"WHERE\"",
                "aria-invalid=\"true\"", "5W1H 记录不完整。");
    }

    @Test
    void supervisorReadsClosuresAndDisabledWebhooksInOneInbox() {
        JsonNode closure = JSON.readTree("""
                {"id":"t-1-S1","kind":"TICKET_CLOSED","ticketId":"t-1","number":"YW-20261125-0001","customerId":"acme",
                 "outcome":"RESOLVED","closedAt":"2026-11-25T04:00:00Z","acknowledged":false,"webhook":null}""");
        JsonNode webhook = JSON.readTree("""
                {"id":"wh_1-W1","kind":"WEBHOOK_DISABLED","ticketId":null,"number":null,"customerId":"globex",
                 "outcome":null,"closedAt":null,"acknowledged":false,"webhook":{"id":"wh_1",
                 "url":"https://erp.globex.example/hooks","reason":"FAILING","statusCode":503,"error":"HTTP 503",
                 "disabledAt":"2026-11-30T01:00:00Z"}}""");

        String html = render("supervisor", Locale.ENGLISH, SupervisorTemplatesTest.quiet(Map.of("notices",
                List.of(closure, webhook), "general", List.of())));

        assertThat(html).contains("YW-20261125-0001", "RESOLVED", "2026-11-25T04:00:00Z", "Webhook disabled",
                "https://erp.globex.example/hooks", "FAILING HTTP 503", "2026-11-30T01:00:00Z",
                "/supervisor/notifications/wh_1-W1/acknowledgement").doesNotContain(">null<");
    }

    @Test
    void anOpenTicketShowsItsClocksWhyItsEngineerWasChosenItsVisitsAndEveryEventInWords() {
        JsonNode ticket = JSON.readTree("""
                {"id":"t-2","number":"YW-2","status":"CLOSED","completeness":{"score":1.0,"missing":[]},"blockers":[],
                 "readBack":{"confirmedBy":"张伟","agent":"agent","confirmedAt":"2026-12-05T00:58:30.120Z"},
                 "priority":"P2","engineerId":"eng-wang",
                 "sla":{"responseDue":"2026-12-05T02:00:00Z","arrivalDue":"2026-12-05T06:00:00Z","resolutionDue":"2026-12-05T10:30:00Z"},
                 "slaClock":{"met":["RESPONSE"],"breached":["ARRIVAL"],"warned":["ARRIVAL"],"pausedSince":null}}""");
        JsonNode dispatch = JSON.readTree("""
                {"id":"t-2-D1","engineerId":"eng-wang","status":"COMPLETED","explanation":{"reason":"the only engineer with the UPS skill"},
                 "appointment":{"windowStart":"2026-12-05T05:00:00Z","windowEnd":"2026-12-05T07:00:00Z"}}""");
        JsonNode visit = JSON.readTree("""
                {"id":"t-2-V1","engineerId":"eng-wang","status":"COMPLETED","serviceForm":{"signerName":"张伟"}}""");
        JsonNode timeline = JSON.readTree("""
                [{"type":"ticket.opened.v1","source":"/yunwei/intake-service","at":"2026-12-05T01:00:00Z"},
                 {"type":"dispatch.assigned.v1","source":"/yunwei/dispatch-service","at":"2026-12-05T01:00:02Z"},
                 {"type":"incident-report.issued.v1","source":"/yunwei/followup-service","at":"2026-12-05T09:00:00Z"},
                 {"type":"something.new.v1","source":"/yunwei/intake-service","at":"2026-12-05T09:01:00Z"}]""");
        TicketProgress progress = TicketProgress.of(ticket, List.of(dispatch), List.of(visit), timeline,
                java.time.ZoneId.of("Asia/Shanghai"),
                java.time.Clock.fixed(java.time.Instant.parse("2026-12-05T08:00:00Z"), java.time.ZoneOffset.UTC), 0);
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", ticket);
        model.put("call", CallForm.of(ticket, "\"3\"", java.time.ZoneId.of("Asia/Shanghai")));
        model.put("errors", Map.of());
        model.put("general", List.of());
        model.put("missing", Map.of());
        model.put("blockers", List.of());
        model.put("score", 100L);
        model.put("readBackDue", false);
        model.put("readBack", new DeskController.ReadBack("", ""));
        model.put("findings", List.of());
        model.put("assessment", DraftAssessment.refused(List.of()));
        model.put("progress", progress);
        noCustomerChosen(model);
        model.put("readBackAt", TicketProgress.time(ticket.path("readBack").path("confirmedAt"),
                java.time.ZoneId.of("Asia/Shanghai")));

        String english = render("ticket", Locale.ENGLISH, model);
        String chinese = render("ticket", Locale.SIMPLIFIED_CHINESE, model);

        assertThat(progress.clocks()).extracting(TicketProgress.SlaClock::state)
                .containsExactly("MET", "BREACHED", "RUNNING");
        assertThat(english).contains("data-state=\"MET\"", "2026-12-05 10:00", "table-danger", "Breached",
                "2 h 30 min left", "Why this engineer: the only engineer with the UPS skill",
                ", on site 2026-12-05 13:00 – 2026-12-05 15:00", "/desk/visits/t-2-V1/service-form",
                "/desk/tickets/t-2/report", "Ticket opened", "Engineer assigned", "Incident report issued",
                "something.new.v1");
        assertThat(english).contains("Read back to 张伟 by agent at 2026-12-05 08:58.");
        assertThat(chinese).contains("已于 2026-12-05 08:58 由 agent 向 张伟 复述确认。", "已超时", "剩余 2 小时 30 分", "选派理由:the only engineer with the UPS skill",
                "工单已受理", "已派给工程师");
    }

    @Test
    void visitUnlocksTheStepsAfterTheChecklistAndKeepsPhotosLockedWhileTheCustomerRefusesThem() {
        JsonNode visit = JSON.readTree("""
                {"id":"t-1-V1","ticketId":"t-1","status":"ON_SITE","checkedInAt":"2026-11-25T02:00:00Z",
                 "siteChecklist":{"requiredQuestions":["SHOE_COVERS"],"complete":true,"missing":[]},
                 "consents":[{"type":"PHOTO","grantedBy":"李娜","grantedAt":"2026-11-25T02:05:00Z","refused":true}],
                 "evidence":[],"diagnosis":null,"options":null,"decision":null,"inspection":null,"resolution":null,
                 "serviceForm":null,"completion":null}""");
        List<String> done = FieldController.done(visit);
        Map<String, Boolean> unlocked = new HashMap<>();
        FieldController.STEPS.forEach((step, needs) -> unlocked.put(step, done.containsAll(needs)));
        Map<String, Object> model = new HashMap<>(Map.of("visit", visit, "assets", List.of("acme-ups-01"), "done", done,
                "unlocked", unlocked, "photoRefused", FieldController.latestConsentRefused(visit, "PHOTO"),
                "etag", "\"3\"", "idempotencyKey", "k-1", "times", new PhoneTimes(java.time.ZoneId.of("Asia/Shanghai"), java.time.Clock.systemUTC()),
                "userName", "engineer-wang"));
        model.put("typed", null);
        model.put("ticket", null);

        String html = render("visit", Locale.SIMPLIFIED_CHINESE, model);

        assertThat(done).containsExactly("check-in", "site-checklist", "consents");
        assertThat(html).contains("10:00 已签到", "拍照:李娜 不同意", "客户不同意拍照:不得拍照。", "value=\"acme-ups-01\"",
                "data-done=\"check-in site-checklist consents\"", "data-needs=\"site-checklist consent-PHOTO\"");
        assertThat(html.substring(html.indexOf("id=\"form-evidence\""))).startsWith("id=\"form-evidence\"")
                .contains("<fieldset disabled=\"disabled\">");
        assertThat(html.substring(html.indexOf("id=\"form-diagnosis\""), html.indexOf("id=\"step-options\"")))
                .doesNotContain("disabled");
    }

    @Test
    void todayOffersEachDispatchItsAnswersAndKeepsADeclineTheApiRefused() {
        JsonNode dispatch = JSON.readTree("""
                {"id":"t-1-D1","ticketId":"t-1","engineerId":"eng-wang","status":"ASSIGNED","contactAttempts":[{}],
                 "appointment":null}""");
        JsonNode visit = JSON.readTree("""
                {"id":"t-2-V1","ticketId":"t-2","status":"PLANNED","appointment":{"windowStart":"2026-11-25T02:00:00Z",
                 "windowEnd":"2026-11-25T04:00:00Z","revision":1}}""");
        Map<String, Object> model = new HashMap<>(Map.of("dispatches", List.of(dispatch), "visits", List.of(visit),
                "idempotencyKey", "k-1", "times", new PhoneTimes(java.time.ZoneId.of("Asia/Shanghai"), java.time.Clock.systemUTC()), "userName", "engineer-wang",
                "typed", new FieldController.Typed("t-1-D1/declination", Map.of("reason", ""),
                        Map.of("reason", List.of("Not accepted: must not be blank")), List.of())));

        String html = render("field", Locale.ENGLISH, model);

        assertThat(html).contains("Customer contacted 1 time(s)", "Appointment 11-25 10:00–12:00",
                "/field/dispatches/t-1-D1/acceptance", "Not accepted: must not be blank", "id=\"f-t-1-D1-declination-reason\"");
    }

    @Test
    void portalAsksInPlainWordsAndCountsTheQuestionsIntakeFindsAnswered() {
        CallForm report = new CallForm();
        report.setSymptom("UPS 一直在报警");
        report.setLocation("3 楼财务室");
        JsonNode site = JSON.readTree("{\"id\":\"acme-hq\",\"name\":\"总部\"}");
        DraftAssessment assessment = DraftAssessment.of(JSON.readTree("""
                {"completeness":{"score":0.33,"missing":["WHEN","WHO","WHY","HOW"]},"courtesy":[],"duplicates":[]}"""));
        Map<String, Object> model = new HashMap<>(Map.of("report", report, "errors", Map.of(), "general", List.of(),
                "assessment", assessment, "sites", List.of(site), "assets", List.of(), "tickets", List.of()));

        String html = render("portal", Locale.SIMPLIFIED_CHINESE, model).replaceAll("\\s+", " ");

        assertThat(html).contains("已回答 2/6 个问题", "出了什么问题?您看到了什么?",
                "class=\"list-inline-item answered\" data-dimension=\"WHERE\">✓ 在哪里",
                "class=\"list-inline-item unanswered\" data-dimension=\"WHEN\">○ 从何时开始",
                "hx-post=\"/portal/completeness\"", "<option value=\"acme-hq\">总部</option>");
    }

    @Test
    void portalSaysWhyIntakeCouldNotAssessTheReportInsteadOfCounting() {
        Map<String, Object> model = Map.of("assessment",
                DraftAssessment.refused(List.of("Symptom: Not accepted: size must be between 0 and 2000")));

        String html = renderFragment("portal-parts", "completeness", Locale.ENGLISH, model);

        assertThat(html).contains("Symptom: Not accepted: size must be between 0 and 2000").doesNotContain("report-score");
    }

    @Test
    void closedTicketTellsTheCustomerWhatHappenedInTheirWordsAndAsksForTheSurvey() {
        JsonNode ticket = JSON.readTree("""
                {"id":"t-1","number":"YW-7","status":"CLOSED","engineerId":"eng-wang","what":{"symptom":"UPS 报警"},
                 "completeness":{"score":1.0,"missing":[]}}""");
        List<JsonNode> timeline = List.of(JSON.readTree("""
                {"type":"visit.checked-in.v1","at":"2026-11-25T02:00:00Z"}"""), JSON.readTree("""
                {"type":"ticket.sla-warning.v1","at":"2026-11-25T02:30:00Z"}"""));
        Map<String, Object> model = new HashMap<>(Map.of("ticket", ticket, "timeline", timeline,
                "idempotencyKey", "k-1", "times", new PhoneTimes(java.time.ZoneId.of("Asia/Shanghai"), java.time.Clock.systemUTC())));
        model.put("visit", null);
        model.put("surveyProblem", null);

        String html = render("portal-ticket", Locale.SIMPLIFIED_CHINESE, model);

        assertThat(html).contains("11-25 10:00", "工程师已到达现场。", "eng-wang", "/portal/tickets/t-1/survey",
                "/portal/tickets/t-1/report").doesNotContain("sla-warning");
    }

    @Test
    void deskShowsWhatIntakeMakesOfTheCallAsTypedWithLikelyDuplicatesAndTheCustomersChoices() {
        JsonNode answer = JSON.readTree("""
                {"completeness":{"score":0.67,"missing":["WHERE","WHY"]},
                 "courtesy":[{"field":"what.symptom","findings":[{"category":"FORM_OF_ADDRESS","phrase":"哥们儿",
                   "start":0,"end":3,"suggestion":"先生/女士，您好"}]}],
                 "duplicates":[{"ticketId":"t-7","number":"YW-7","status":"ASSIGNED","symptom":"打印机卡纸",
                   "likeness":"SAME_ASSET","assetId":"acme-prn-01","linksTo":true},
                  {"ticketId":"t-8","number":"YW-8","status":"OPEN","symptom":"UPS 报警","likeness":"SAME_SITE","linksTo":false}]}""");
        JsonNode customer = JSON.readTree("""
                {"id":"acme","name":"Acme Manufacturing","sites":[{"id":"acme-hq","name":"Acme HQ"}],
                 "assets":[{"id":"acme-prn-01","model":"HP LaserJet M607"},{"id":"acme-ups-01","model":"APC Smart-UPS"}]}""");
        CallForm call = new CallForm();
        call.setCustomerId("acme");
        call.setSiteId("acme-hq");
        call.setAssetIds("acme-prn-01");
        call.setSymptom("哥们儿,打印机卡纸");
        Map<String, Object> model = new HashMap<>(Map.of("call", call, "errors", Map.of(), "general", List.of(),
                "missing", Map.of(), "assessment", DraftAssessment.of(answer), "recent", List.of(),
                "customer", customer, "sites", List.of(customer.path("sites").get(0)),
                "assets", List.of(customer.path("assets").get(0), customer.path("assets").get(1))));
        noCallbacks(model);

        String html = render("desk", Locale.ENGLISH, model).replaceAll("\\s+", " ");

        assertThat(html).contains("<progress id=\"draft-score\" class=\"flex-grow-1\" max=\"100\" value=\"67\">",
                "href=\"#location\" class=\"me-2 draft-missing-dimension\" data-dimension=\"WHERE\"",
                "href=\"#suspectedCause\"", "data-field=\"symptom\"", "哥们儿", "先生/女士，您好",
                "href=\"/desk/tickets/t-7\"", "Open ticket for the same asset (acme-prn-01).",
                "Recording this call links it to that ticket", "href=\"/desk/tickets/t-8\"",
                "Open ticket at the same site.", "Customer: Acme Manufacturing",
                "<option value=\"acme-hq\" selected=\"selected\">Acme HQ</option>",
                "value=\"acme-prn-01\" checked=\"checked\"", "acme-ups-01 · APC Smart-UPS",
                "list=\"customer-options\"", "hx-post=\"/desk/assessment\"");
        String symptomNotes = html.substring(html.indexOf("id=\"symptom-courtesy\""), html.indexOf("id=\"errorMessages\""));
        assertThat(symptomNotes).contains("哥们儿", "先生/女士，您好");
        int ups = html.indexOf("id=\"asset-acme-ups-01\"");
        assertThat(html.substring(html.lastIndexOf("<input", ups), html.indexOf(">", ups))).doesNotContain("checked");
    }

    @Test
    void deskKeepsASiteAndAssetsTypedForACustomerItDoesNotKnow() {
        CallForm call = new CallForm();
        call.setCustomerId("no-such-customer");
        call.setSiteId("acme-hq");
        call.setAssetIds("acme-prn-01");
        Map<String, Object> model = new HashMap<>(Map.of("call", call, "errors", Map.of(), "general", List.of(),
                "missing", Map.of(), "assessment", DraftAssessment.refused(List.of("Customer id: Not accepted")),
                "recent", List.of()));
        noCustomerChosen(model);
        noCallbacks(model);

        String html = render("desk", Locale.SIMPLIFIED_CHINESE, model).replaceAll("\\s+", " ");

        assertThat(html).contains("没有这个编号的客户,请从列表中选择。", "<option value=\"acme-hq\" selected>acme-hq</option>",
                "value=\"acme-prn-01\" checked", "Customer id: Not accepted");
    }

    @Test
    void aStaleEditSaysWhoChangedWhatBesideWhatTheAgentTypedAndTheVisitShowsItsPhotos() {
        JsonNode ticket = JSON.readTree("""
                {"id":"t-3","number":"YW-3","status":"RECORDED","completeness":{"score":1.0,"missing":[]},"blockers":[],
                 "where":{"location":"2 号楼 5 层"},"why":{"suspectedCause":"电池老化"},
                 "lastAmended":{"by":"agent-li","at":"2026-12-05T01:02:00Z","changed":["WHERE","WHY"]}}""");
        CallForm typed = CallForm.of(ticket, "\"2\"", java.time.ZoneId.of("Asia/Shanghai"));
        typed.setLocation("3 号楼机房");
        typed.setReadAt("2026-12-05T01:00:00Z");
        Map<String, Object> model = new HashMap<>();
        model.put("ticket", ticket);
        model.put("call", typed);
        model.put("errors", Map.of());
        model.put("general", List.of());
        model.put("missing", Map.of());
        model.put("blockers", List.of());
        model.put("score", 100L);
        model.put("readBackDue", false);
        model.put("readBack", new DeskController.ReadBack("", ""));
        model.put("findings", List.of());
        model.put("stale", StaleEdit.of(ticket, typed, java.time.ZoneId.of("Asia/Shanghai")));
        model.put("assessment", DraftAssessment.refused(List.of()));
        model.put("progress", new TicketProgress(List.of(), null, List.of(), List.of(new TicketProgress.VisitRow("t-3-V1",
                "eng-wang", "COMPLETED", false, List.of(new TicketProgress.Photo("ev-1", "更换后的电池")))), List.of(), false,
                0));
        noCustomerChosen(model);

        String html = render("ticket", Locale.ENGLISH, model);

        assertThat(html).contains("agent-li changed this ticket at 2026-12-05 09:02, after you opened it.",
                "<td class=\"stale-saved\">2 号楼 5 层</td>", "<td class=\"stale-typed\">3 号楼机房</td>",
                "src=\"/desk/visits/t-3-V1/evidence/ev-1\"", "alt=\"Photo: 更换后的电池\"");
        assertThat(html).doesNotContain("data-field=\"suspectedCause\"");
    }

    @Test
    void deskOffersEachCallbackDueItsOutcomeFormAndKeepsWhatTheApiRefused() {
        Map<String, Object> model = new HashMap<>(Map.of("call", new CallForm(), "errors", Map.of(), "general", List.of(),
                "missing", Map.of(), "assessment", DraftAssessment.refused(List.of()), "recent", List.of(),
                "callbacks", List.of(new DeskController.CallbackRow("t-5-C1", "t-5", "acme", "OVERDUE", "2026-12-04 10:00", 1),
                        new DeskController.CallbackRow("t-6-C1", "t-6", "globex", "DUE", "2026-12-05 10:00", 0)),
                "callbackKey", "k-1",
                "callbackTyped", new DeskController.CallbackTyped("t-6-C1", "true", "9", null, "很满意",
                        List.of("Not accepted: must be less than or equal to 5"))));
        noCustomerChosen(model);

        String html = render("desk", Locale.ENGLISH, model).replaceAll("\\s+", " ");

        assertThat(html).contains("action=\"/desk/callbacks/t-5-C1/outcome\"", "href=\"/desk/tickets/t-5\"",
                "Ticket of acme", "Overdue", "Due 2026-12-04 10:00; 1 attempt(s) so far.",
                "action=\"/desk/callbacks/t-6-C1/outcome\"", "Not accepted: must be less than or equal to 5",
                ">很满意</textarea>", "id=\"cb1-reached-yes\" checked=\"checked\"", "value=\"k-1-1\"");
        assertThat(html.substring(html.indexOf("id=\"cb0-reached-yes\"") - 80, html.indexOf("id=\"cb0-reached-yes\"") + 30))
                .doesNotContain("checked");
    }

    @Test
    void aStaleEditNamesNoAuthorWhenTheRecordLastChangedBeforeTheAgentReadIt() {
        JsonNode ticket = JSON.readTree("""
                {"id":"t-3","status":"RECORDED","where":{"location":"2 号楼 5 层"},"why":{"suspectedCause":"电池老化"},
                 "lastAmended":{"by":"agent-li","at":"2026-12-05T01:02:00Z","changed":["WHERE"]}}""");
        CallForm typed = CallForm.of(ticket, "\"2\"", java.time.ZoneId.of("Asia/Shanghai"));
        typed.setSuspectedCause("风扇故障");
        typed.setReadAt("2026-12-05T01:30:00Z");

        StaleEdit stale = StaleEdit.of(ticket, typed, java.time.ZoneId.of("Asia/Shanghai"));

        assertThat(stale.by()).isNull();
        assertThat(stale.rows()).containsExactly(new StaleEdit.Row("suspectedCause", "电池老化", "风扇故障"));
    }

    @Test
    void aRenewedAssessmentPutsEachTextsFindingsByItsFieldAndClearsTheOthers() {
        JsonNode answer = JSON.readTree("""
                {"completeness":{"score":0.5,"missing":["WHERE","WHY","HOW"]},
                 "courtesy":[{"field":"what.symptom","findings":[{"category":"FORM_OF_ADDRESS","phrase":"哥们儿",
                   "start":0,"end":3,"suggestion":"先生/女士，您好"}]}],"duplicates":[]}""");

        String html = renderFragment("desk-parts", "assessmentAnswer", Locale.ENGLISH,
                Map.of("assessment", DraftAssessment.of(answer))).replaceAll("\\s+", " ");

        assertThat(html).contains("id=\"draft-score\"", "<div id=\"symptom-courtesy\" class=\"field-courtesy\" hx-swap-oob=\"true\">"
                + " <div class=\"small text-danger-emphasis courtesy-finding\">",
                "<div id=\"location-courtesy\" class=\"field-courtesy\" hx-swap-oob=\"true\"> </div>");
    }

    private static void noCallbacks(Map<String, Object> model) {
        model.put("callbacks", List.of());
        model.put("callbackKey", "k-0");
        model.put("callbackTyped", null);
    }

    private static void noCustomerChosen(Map<String, Object> model) {
        model.put("customer", null);
        model.put("sites", List.of());
        model.put("assets", List.of());
    }

    static String render(String template, Locale locale, Map<String, Object> model) {
        return renderFragment(template, null, locale, model);
    }

    static String renderFragment(String template, String fragment, Locale locale, Map<String, Object> model) {
        ClassLoaderTemplateResolver templates = new ClassLoaderTemplateResolver();
        templates.setPrefix("templates/");
        templates.setSuffix(".html");
        templates.setCharacterEncoding("UTF-8");
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(templates);
        engine.setTemplateEngineMessageSource(ApiProblemsTest.messages());
        MockServletContext servletContext = new MockServletContext();
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/" + template);
        Map<String, Object> variables = new HashMap<>(model);
        variables.putIfAbsent("navigation", List.of());
        WebContext context = new WebContext(JakartaServletWebApplication.buildApplication(servletContext)
                .buildExchange(request, new MockHttpServletResponse()), locale, variables);
        return fragment == null ? engine.process(template, context)
                : engine.process(template, java.util.Set.of(fragment), context);
    }
}
