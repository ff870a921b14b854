package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** The supervisor's page: SLA breaches and risks, the figures, and the drafts to approve. */
class SupervisorTemplatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The supervisor's page with nothing in its lists and no figures read, for tests of its other parts. */
    static Map<String, Object> quiet(Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(Map.of("breached", List.of(), "breachedTotal", 0L, "atRisk", List.of(),
                "ticketsAnswered", true, "updatedAt", "16:00:00", "drafts", List.of(), "draftsAnswered", true,
                "general", List.of(), "mayApprove", true));
        all.put("threeRings", null);
        all.put("fixRates", null);
        all.put("courtesyRefusals", CourtesyRefusalTable.of(Map.of("intake", report(0, "{}"),
                "dispatch", report(0, "{}"), "field", report(0, "{}"), "followup", report(0, "{}"))));
        all.putAll(model);
        return all;
    }

    @Test
    void aDraftIsShownWithWhatItTeachesAndApprovedFromThePage() {
        SupervisorController.Draft draft = SupervisorController.Draft.of(JSON.readTree("""
                {"id":"t-1-K1","ticketId":"t-1","cycle":1,"title":"打印机频繁卡纸","symptoms":"打印机频繁卡纸",
                 "cause":"搓纸轮磨损","solution":"更换搓纸轮","status":"DRAFT","draftedAt":"2026-12-05T02:00:00Z"}"""), SHANGHAI);

        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.SIMPLIFIED_CHINESE,
                quiet(Map.of("drafts", List.of(draft), "notices", List.of())));

        assertThat(html).contains("待审批的知识文章", "data-article=\"t-1-K1\"", "打印机频繁卡纸", "搓纸轮磨损", "更换搓纸轮",
                "2026-12-05 10:00,于工单 t-1 结单时", "action=\"/supervisor/articles/t-1-K1/approval\"",
                "aria-describedby=\"draft-t-1-K1\"", "批准并发布");
    }

    @Test
    void anAdministratorReadsTheDraftsButIsNotOfferedTheApproval() {
        SupervisorController.Draft draft = SupervisorController.Draft.of(JSON.readTree("""
                {"id":"t-1-K1","ticketId":"t-1","title":"打印机频繁卡纸","draftedAt":"2026-12-05T02:00:00Z"}"""), SHANGHAI);

        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.ENGLISH,
                quiet(Map.of("drafts", List.of(draft), "notices", List.of(), "mayApprove", false)));

        assertThat(html).contains("打印机频繁卡纸", "Only supervisors approve articles.")
                .doesNotContain("/supervisor/articles/t-1-K1/approval");
    }

    @Test
    void theFiguresShowEachAgentsThreeRingShareAndTheFixRates() {
        Map<String, Object> model = quiet(Map.of("notices", List.of(), "threeRings", JSON.readTree("""
                {"from":"2026-11-29","to":"2026-12-05","zone":"Asia/Shanghai","targetSeconds":15.0,"agents":[
                  {"agentId":"agent","answered":3,"withinThreeRings":2,"unanswered":1,"share":0.6666666666666666},
                  {"agentId":"agent-2","answered":0,"withinThreeRings":0,"unanswered":2,"share":null}],
                 "total":{"agentId":null,"answered":3,"withinThreeRings":2,"unanswered":3,"share":0.6666666666666666}}"""),
                "fixRates", JSON.readTree("""
                {"closures":40,"firstClosures":36,"recurrences":3,"firstCycleRecurrences":2,
                 "firstTimeFixRate":0.9444444444444444,"repeatFaultRate":0.075}""")));

        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.ENGLISH, model);

        assertThat(html).contains("From 2026-11-29 to 2026-12-05; the target is an answer within 15 seconds",
                "data-agent=\"agent\"", "66.7%", "data-agent=\"agent-2\"", ">—<", "Everyone", "94.4%", "7.5%",
                "40 (36 first closures)");
    }

    /** A service's answer to {@code GET /api/v1/admin/{service}/courtesy-refusals} of seven days to 2026-12-05. */
    static ConsoleApi.Answer report(long refusals, String categories, String... actors) {
        return new ConsoleApi.Answer(200, JSON.readTree("""
                {"service":"s","from":"2026-11-29","to":"2026-12-05","zone":"Asia/Shanghai","refusals":%d,
                 "categories":%s,"days":[],"actors":[%s]}""".formatted(refusals, categories, String.join(",", actors))),
                null);
    }

    @Test
    void theCourtesyRefusalsShowEachCategoryPerServiceAndWhoWasStoppedMostOften() {
        CourtesyRefusalTable table = CourtesyRefusalTable.of(Map.of(
                "intake", report(0, "{\"FORM_OF_ADDRESS\":0,\"DEFLECTION\":0,\"VAGUENESS\":0,\"IMPATIENCE\":0}"),
                "dispatch", report(3, "{\"FORM_OF_ADDRESS\":2,\"DEFLECTION\":0,\"VAGUENESS\":3,\"IMPATIENCE\":0}",
                        "{\"actor\":\"dispatcher\",\"refusals\":3}", "{\"actor\":\"dispatcher-2\",\"refusals\":1}"),
                "field", report(1, "{\"FORM_OF_ADDRESS\":0,\"DEFLECTION\":0,\"VAGUENESS\":1,\"IMPATIENCE\":0}",
                        "{\"actor\":\"engineer-wang\",\"refusals\":1}"),
                "followup", report(0, "{\"FORM_OF_ADDRESS\":0,\"DEFLECTION\":0,\"VAGUENESS\":0,\"IMPATIENCE\":0}")));

        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.ENGLISH,
                quiet(Map.of("notices", List.of(), "courtesyRefusals", table))).replaceAll(">\\s+<", "><");

        assertThat(html).contains("Texts refused for their wording, by category", "From 2026-11-29 to 2026-12-05.",
                "Not counted: the findings shown while someone types",
                "<th scope=\"col\">Call centre</th><th scope=\"col\">Dispatch</th><th scope=\"col\">On site</th>"
                        + "<th scope=\"col\">Follow-up</th><th scope=\"col\">All services</th>",
                "data-category=\"VAGUENESS\"><th scope=\"row\">vague where a definite answer is needed</th>"
                        + "<td>0</td><td>3</td><td>1</td><td>0</td><td>4</td>",
                "data-category=\"FORM_OF_ADDRESS\"><th scope=\"row\">disrespectful form of address</th>"
                        + "<td>0</td><td>2</td><td>0</td><td>0</td><td>2</td>",
                "<th scope=\"row\">Texts refused</th><td>0</td><td>3</td><td>1</td><td>0</td><td>4</td>",
                "data-actor=\"dispatcher\"><th scope=\"row\">dispatcher</th><td>Dispatch</td><td>3</td>")
                .doesNotContain("Not read just now");
        // the most refusals first, then by name
        assertThat(html.indexOf("data-actor=\"dispatcher-2\"")).isBetween(html.indexOf("data-actor=\"dispatcher\""),
                html.indexOf("data-actor=\"engineer-wang\""));
    }

    @Test
    void theCourtesyRefusalsSayInChineseWhatIsCounted() {
        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.SIMPLIFIED_CHINESE,
                quiet(Map.of("notices", List.of())));

        assertThat(html).contains("因措辞被拒绝的文字（按类别）", "不计入：输入时显示的提示", "派工", "含糊其辞",
                "这几天没有文字被拒绝。");
    }

    @Test
    void aServiceWhoseRefusalsCannotBeReadIsLeftEmptyAndNamed() {
        CourtesyRefusalTable table = CourtesyRefusalTable.of(Map.of("intake", report(1, "{\"DEFLECTION\":1}"),
                "dispatch", report(0, "{}"), "field", report(0, "{}"),
                "followup", new ConsoleApi.Answer(503, JSON.readTree("{\"code\":\"SERVICE_UNAVAILABLE\"}"), null)));

        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.ENGLISH,
                quiet(Map.of("notices", List.of(), "courtesyRefusals", table))).replaceAll(">\\s+<", "><");

        assertThat(html).contains("Not read just now, left empty:</span><span>Follow-up</span>",
                "data-category=\"DEFLECTION\"><th scope=\"row\">pushes the customer away</th>"
                        + "<td>1</td><td>0</td><td>0</td><td>—</td><td>1</td>");
    }

    @Test
    void saysWhatCannotBeReadRatherThanShowingNothing() {
        String html = ConsoleTemplatesTest.renderFragment("supervisor", null, Locale.ENGLISH,
                quiet(Map.of("notices", List.of(), "draftsAnswered", false, "ticketsAnswered", false)));

        assertThat(html).contains("This cannot be read just now", "The tickets cannot be read just now")
                .doesNotContain("No articles waiting.");
    }

    @Test
    void theSlaListsFollowTheTicketsEveryFiveSeconds() {
        WatchedTicket late = WatchedTicket.of(JSON.readTree("""
                {"id":"t-7","number":"YW-7","status":"ON_SITE","priority":"P1","customerId":"acme",
                 "what":{"symptom":"核心交换机宕机"},"recordedAt":"2026-12-05T01:00:00Z",
                 "sla":{"responseDue":"2026-12-05T01:15:00Z","arrivalDue":"2026-12-05T03:00:00Z","resolutionDue":"2026-12-05T05:00:00Z"},
                 "slaClock":{"met":["RESPONSE","ARRIVAL"],"breached":["RESOLUTION"],"warned":["RESOLUTION"],"pausedSince":null}}"""),
                SHANGHAI, BoardTemplatesTest.NOW);

        String html = ConsoleTemplatesTest.renderFragment("supervisor", "sla", Locale.ENGLISH,
                quiet(Map.of("breached", List.of(late), "breachedTotal", 4L)));

        assertThat(html).contains("hx-get=\"/supervisor/sla\"", "hx-trigger=\"every 5s\"",
                "Open tickets that missed an SLA target (4)", "data-ticket=\"t-7\"", "data-state=\"BREACHED\"",
                "3 h 0 min over").doesNotContain("Knowledge articles");
    }
}
