package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The board's panels that follow the API: waiting and at-risk tickets, the engineers with shift, load and appointments. */
class BoardTemplatesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    /** Saturday 2026-12-05, 16:00 in Shanghai. */
    static final Clock NOW = Clock.fixed(Instant.parse("2026-12-05T08:00:00Z"), ZoneOffset.UTC);

    /** The board's panels with nothing in them, for tests of the board's other parts. */
    static Map<String, Object> quietPanels(Map<String, Object> model) {
        Map<String, Object> all = new HashMap<>(model);
        all.putAll(Map.of("waiting", List.of(), "waitingTotal", 0L, "atRisk", List.of(), "ticketsAnswered", true,
                "updatedAt", "16:00:00", "engineers", List.of(), "engineersAnswered", true));
        all.putIfAbsent("workAnswered", true);
        all.putIfAbsent("stateOutOfBand", false);
        return all;
    }

    @Test
    void aTicketsNextTargetIsTheFirstNotYetMet() {
        WatchedTicket ticket = WatchedTicket.of(JSON.readTree("""
                {"id":"t-1","number":"YW-1","status":"ASSIGNED","priority":"P2","customerId":"acme",
                 "what":{"symptom":"UPS 告警"},"recordedAt":"2026-12-05T07:00:00Z",
                 "sla":{"responseDue":"2026-12-05T07:30:00Z","arrivalDue":"2026-12-05T09:15:00Z","resolutionDue":"2026-12-05T12:00:00Z"},
                 "slaClock":{"met":["RESPONSE"],"breached":[],"warned":["ARRIVAL"],"pausedSince":null}}"""), SHANGHAI, NOW);

        assertThat(ticket.next()).isEqualTo(new TicketProgress.SlaClock("ARRIVAL", "2026-12-05 17:15", "WARNED", 75));
        assertThat(ticket.recordedAt()).isEqualTo("2026-12-05 15:00");
    }

    @Test
    void theBoardListsWaitingAndAtRiskTicketsWithTheirNextTargetAndPollsForChanges() {
        WatchedTicket waiting = WatchedTicket.of(JSON.readTree("""
                {"id":"t-2","number":"YW-2","status":"ESCALATED","priority":"P1","customerId":"globex",
                 "what":{"symptom":"交换机端口闪断"},"recordedAt":"2026-12-05T07:50:00Z",
                 "sla":{"responseDue":"2026-12-05T07:40:00Z","arrivalDue":"2026-12-05T10:00:00Z","resolutionDue":"2026-12-05T14:00:00Z"},
                 "slaClock":{"met":[],"breached":["RESPONSE"],"warned":["RESPONSE"],"pausedSince":null}}"""), SHANGHAI, NOW);
        WatchedTicket atRisk = WatchedTicket.of(JSON.readTree("""
                {"id":"t-3","number":"YW-3","status":"SCHEDULED","priority":"P3","customerId":"acme",
                 "what":{"symptom":"打印机卡纸"},"recordedAt":"2026-12-05T01:00:00Z",
                 "sla":{"responseDue":"2026-12-05T02:00:00Z","arrivalDue":"2026-12-05T06:00:00Z","resolutionDue":"2026-12-05T09:30:00Z"},
                 "slaClock":{"met":["RESPONSE","ARRIVAL"],"breached":[],"warned":["RESOLUTION"],"pausedSince":null}}"""), SHANGHAI, NOW);
        Map<String, Object> model = quietPanels(Map.of());
        model.putAll(Map.of("waiting", List.of(waiting), "waitingTotal", 7L, "atRisk", List.of(atRisk)));

        String chinese = ConsoleTemplatesTest.renderFragment("board", "tickets", Locale.SIMPLIFIED_CHINESE, model);
        String english = ConsoleTemplatesTest.renderFragment("board", "tickets", Locale.ENGLISH, model);

        assertThat(chinese).contains("hx-get=\"/board/tickets\"", "hx-trigger=\"every 5s\"", "hx-swap=\"outerHTML\"",
                "等待派工(7)", "data-ticket=\"t-2\"", "交换机端口闪断", "已升级", "table-danger", "已超出 0 小时 20 分",
                "data-ticket=\"t-3\"", "table-warning", "剩余 1 小时 30 分",
                "href=\"/board?ticket=t-2#escalation-t-2\"", "为工单 YW-2 指派工程师");
        assertThat(english).contains("Waiting for an engineer (7)", "Response 2026-12-05 15:40", "0 h 20 min over",
                "Resolution 2026-12-05 17:30", "1 h 30 min left").doesNotContain("<html");
    }

    @Test
    void theBoardSaysWhenItCannotReadTheTicketsRatherThanShowingNone() {
        Map<String, Object> model = quietPanels(Map.of());
        model.put("ticketsAnswered", false);

        assertThat(ConsoleTemplatesTest.renderFragment("board", "tickets", Locale.ENGLISH, model)).contains("cannot be read just now");
    }

    @Test
    void theDispatchesAndEscalationsFollowTheApiKeepingEachFormAndOpenedExplanationByItsId() {
        JsonNode dispatch = JSON.readTree("""
                {"id":"t-1-D2","ticketId":"t-1","engineerId":"eng-li","status":"ASSIGNED","explanation":{"reason":"closest"}}""");
        JsonNode escalation = JSON.readTree("""
                {"ticketId":"t-9","reason":"NO_ELIGIBLE_ENGINEER","failures":2}""");
        Map<String, Object> model = quietPanels(Map.of("dispatches", List.of(dispatch), "escalations", List.of(escalation),
                "idempotencyKey", "k-1"));
        model.put("typed", null);

        String html = ConsoleTemplatesTest.renderFragment("board", "work", Locale.ENGLISH, model).replaceAll("\\s+", " ");

        assertThat(html).contains("id=\"board-work\" hx-trigger=\"every 5s\" hx-swap=\"outerHTML\" hx-get=\"/board/work\"",
                "data-ticket=\"t-1\" data-dispatch=\"t-1-D2\"", "assigned to eng-li",
                "<details id=\"why-t-1-D2\" hx-preserve=\"true\">",
                "action=\"/board/dispatches/t-1-D2/reassignment\"", "id=\"assign-t-1-D2\" hx-preserve=\"true\"",
                "action=\"/board/escalations/t-9/assignment\"", "id=\"assign-t-9\" hx-preserve=\"true\"", "Updated 16:00:00")
                .doesNotContain("<html", "cannot be read just now");
        assertThat(html.split("hx-preserve=\"true\"")).hasSize(4);
    }

    @Test
    void whenTheDispatchesCannotBeReadOnlyTheNoteIsRenewedOutOfBand() {
        Map<String, Object> model = quietPanels(Map.of("updatedAt", "16:00:05"));
        model.put("workAnswered", false);
        model.put("stateOutOfBand", true);

        String html = ConsoleTemplatesTest.renderFragment("board", "workState", Locale.ENGLISH, model);

        assertThat(html).contains("id=\"board-work-state\" hx-swap-oob=\"true\"", "cannot be read just now")
                .doesNotContain("board-work\"", "Updated");
    }

    @Test
    void anEngineerShowsTodaysShiftInTheirZoneTheirLoadAndOnlyTodaysAppointments() {
        JsonNode engineer = JSON.readTree("""
                {"id":"eng-wang","name":"王工","available":true,"areas":["310115"],"backupAreas":["310116"],"capacity":2,
                 "active":["t-1-D1","t-3-D1"],"tallyDay":"2026-12-05","tally":["t-1-D1","t-3-D1","t-0-D2"],"tallyCount":57,
                 "zone":"Asia/Shanghai","onCall":[],
                 "shifts":[{"day":"FRIDAY","start":"08:00:00","end":"17:00:00"},{"day":"SATURDAY","start":"09:00:00","end":"13:00:00"},
                           {"day":"SATURDAY","start":"14:00:00","end":"18:00:00"}]}""");
        List<JsonNode> scheduled = List.of(JSON.readTree("""
                {"id":"t-3-D1","ticketId":"t-3","engineerId":"eng-wang","status":"SCHEDULED",
                 "appointment":{"windowStart":"2026-12-05T09:00:00Z","windowEnd":"2026-12-05T10:00:00Z"}}"""),
                JSON.readTree("""
                {"id":"t-4-D1","ticketId":"t-4","engineerId":"eng-wang","status":"SCHEDULED",
                 "appointment":{"windowStart":"2026-12-06T01:00:00Z","windowEnd":"2026-12-06T02:00:00Z"}}"""),
                JSON.readTree("""
                {"id":"t-5-D1","ticketId":"t-5","engineerId":"eng-li","status":"SCHEDULED",
                 "appointment":{"windowStart":"2026-12-05T09:00:00Z","windowEnd":"2026-12-05T10:00:00Z"}}"""));

        EngineerOnBoard wang = EngineerOnBoard.of(engineer, scheduled, SHANGHAI, NOW);
        Map<String, Object> model = quietPanels(Map.of());
        model.put("engineers", List.of(wang));
        String html = ConsoleTemplatesTest.renderFragment("board", "engineers", Locale.ENGLISH, model);

        assertThat(wang.shiftsToday()).containsExactly("09:00–13:00", "14:00–18:00");
        assertThat(wang.appointments()).containsExactly(new EngineerOnBoard.Appointment("17:00", "18:00", "t-3"));
        // the count, not the latest ids the tally names
        assertThat(wang.today()).isEqualTo(57);
        assertThat(html).contains("hx-get=\"/board/engineers\"", "hx-trigger=\"every 5s\"", "data-engineer=\"eng-wang\"",
                "09:00–13:00", ", 14:00–18:00", "(backup: 310116)", "2 of 2", "(57 today)", "17:00–18:00 ticket t-3",
                "field-error");
    }

    @Test
    void anEngineerWithoutACalendarWorksAroundTheClockAndYesterdaysTallyCountsNothing() {
        JsonNode engineer = JSON.readTree("""
                {"id":"eng-li","name":"李工","available":true,"areas":["310115"],"backupAreas":[],"capacity":3,
                 "active":[],"tallyDay":"2026-12-04","tally":["t-9-D1"],"shifts":[],"onCall":[]}""");

        EngineerOnBoard li = EngineerOnBoard.of(engineer, List.of(), SHANGHAI, NOW);
        Map<String, Object> model = quietPanels(Map.of());
        model.put("engineers", List.of(li));

        assertThat(li.today()).isZero();
        assertThat(ConsoleTemplatesTest.renderFragment("board", "engineers", Locale.SIMPLIFIED_CHINESE, model)).contains("全天候", "0 / 3", "(今日 0 单)");
    }
}
