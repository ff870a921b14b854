package io.yunwei.intake.ticket;

import static io.yunwei.chassis.testkit.Callers.agent;
import static io.yunwei.chassis.testkit.Callers.caller;
import static io.yunwei.chassis.testkit.Callers.customer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;

/**
 * Finding tickets by what the caller remembers, through {@code GET /api/v1/tickets}: Chinese and English words of
 * the record, a phone number, a serial number, the ticket number, with filters, within what the caller may see, and
 * kept in step with amendments and status changes.
 */
@IntegrationTest
@AutoConfigureMockMvc
class TicketSearchIT {

    private static final TestEvents otherServices = TestInfrastructure.get().events();

    @Autowired
    MockMvc mvc;

    Desk desk;
    String printer;
    String ups;

    @BeforeEach
    void desk() throws Exception {
        desk = new Desk(mvc);
        printer = "p" + UUID.randomUUID().toString().substring(0, 8);
        desk.send(post("/api/v1/assets"), """
                {"id":"%s","customerId":"%s","siteId":"hq","category":"PRINTER","model":"HP LaserJet M428",
                 "serialNumber":"VNB3K%s"}""".formatted(printer, desk.customerId, printer.substring(1, 6)))
                .andExpect(status().isCreated());
        ups = desk.asset("UPS");
    }

    @Test
    void findsATicketByChineseWordsOfItsRecord() throws Exception {
        String jam = desk.recorded(report("二楼财务室的打印机卡纸", "财务室靠窗", printer, "李四", "13912345678"));
        String power = desk.recorded(report("UPS 告警灯闪烁", "机房 A 排 3 号柜", ups, "王工", "021-55501234"));

        // the index shows each new ticket within moments, not at once: wait for both
        awaitFound("卡纸", jam);
        awaitFound("告警灯", power);
        assertThat(ids(list("q", "财务室 打印机"))).containsExactly(jam);
        assertThat(ids(list("q", "告警灯"))).containsExactly(power);
        assertThat(ids(list("q", "卡纸 机房"))).isEmpty();
    }

    @Test
    void findsByEnglishWordsPhoneSerialAndNumber() throws Exception {
        String jam = desk.recorded(report("Printer jams on every page, error E21 paper feed", "2nd floor finance",
                printer, "Li Si", "+86 139 1234 5678"));
        String number = JsonPath.read(ticket(jam), "$.number");

        awaitFound("jams", jam);
        assertThat(ids(list("q", "paper feed"))).containsExactly(jam);
        assertThat(ids(list("q", "13912345678"))).containsExactly(jam);
        assertThat(ids(list("q", "5678"))).as("the end of the phone number").contains(jam);
        assertThat(ids(list("q", "VNB3K" + printer.substring(1, 6)))).as("the printer's serial").containsExactly(jam);
        assertThat(ids(list("q", printer))).as("the asset id").containsExactly(jam);
        assertThat(ids(list("q", number.toLowerCase()))).as("the ticket number").containsExactly(jam);
        assertThat(ids(list("q", "Acme"))).as("the customer's name").contains(jam);
    }

    @Test
    void combinesWordsWithFiltersAndHighlightsWhatMatched() throws Exception {
        String high = desk.recorded(report("打印机卡纸", "财务室", printer, "李四", "13900000001"));
        String low = desk.recorded(desk.report("INSPECTION", "\"assetIds\":[\"%s\"]".formatted(ups)).replace(
                "\"discoveredHow\":\"巡检发现\",\"impact\":\"HIGH\",\"urgency\":\"MEDIUM\"",
                "\"discoveredHow\":\"打印机卡纸巡检发现\",\"impact\":\"LOW\",\"urgency\":\"LOW\""));

        awaitFound("卡纸", high, low);
        assertThat(ids(list("q", "卡纸", "priority", "P2"))).containsExactly(high);
        assertThat(ids(list("q", "卡纸", "assetId", ups))).containsExactly(low);
        assertThat(ids(list("q", "卡纸", "status", "OPEN,RECORDED"))).containsExactlyInAnyOrder(high, low);
        assertThat(ids(list("q", "卡纸", "channel", "CUSTOMER_CALL"))).containsExactly(high);

        String page = list("q", "卡纸", "sort", "relevance");
        assertThat((String) JsonPath.read(page, "$.highlights['%s'].symptom[0]".formatted(high)))
                .contains("<em>卡纸</em>");
        String facets = list("facets", "status,priority");
        assertThat((Integer) JsonPath.read(facets, "$.facets.priority.P2")).isPositive();
        assertThat((Integer) JsonPath.read(facets, "$.totalElements")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCustomerFindsOnlyItsOwnOrganisationsTicketsEvenByTheirWords() throws Exception {
        String ours = desk.recorded(report("扫描仪无法开机", "前台", printer, "赵六", "13700000000"));
        Desk other = new Desk(mvc);
        String theirs = other.recorded(other.report("CUSTOMER_CALL",
                "\"reporter\":{\"name\":\"钱七\",\"phone\":\"13600000000\"}")
                .replace("UPS 告警灯闪烁", "扫描仪无法开机"));

        awaitFound("扫描仪", ours);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ids(mvc.perform(get("/api/v1/tickets")
                .param("q", "扫描仪").param("customerId", other.customerId).with(agent())).andReturn().getResponse()
                .getContentAsString())).containsExactly(theirs));
        String asCustomer = mvc.perform(get("/api/v1/tickets").param("q", "扫描仪").param("size", "200")
                .with(customer(desk.customerId))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(ids(asCustomer)).contains(ours).doesNotContain(theirs);
        assertThat((Integer) JsonPath.read(mvc.perform(get("/api/v1/tickets").param("customerId", other.customerId)
                .with(customer(desk.customerId))).andReturn().getResponse().getContentAsString(), "$.totalElements"))
                .as("another organisation's id does not widen what a customer sees").isZero();
    }

    @Test
    void listsTheTicketsOnePersonRecorded() throws Exception {
        String mine = desk.recorded(report("传真机无法发送", "前台", printer, "周九", "13400000000"));
        String theirs = JsonPath.read(mvc.perform(post("/api/v1/tickets").with(caller("agent-li", "AGENT", null, null))
                .contentType(MediaType.APPLICATION_JSON).content(report("传真机卡纸", "前台", printer, "吴十", "13300000000")))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id");

        awaitFound("传真机", mine, theirs);
        assertThat(ids(list("q", "传真机", "recordedBy", "agent"))).containsExactly(mine);
        assertThat(ids(list("q", "传真机", "recordedBy", "agent-li"))).containsExactly(theirs);
    }

    @Test
    void aTicketIsFoundByWhatItSaysNowAfterAnAmendmentAndAStatusChange() throws Exception {
        String id = desk.recorded(report("显示器黑屏", "会议室", printer, "孙八", "13500000000"));
        awaitFound("黑屏", id);

        desk.amend(id, desk.etag(id), "{\"what\":{\"symptom\":\"投影仪没有信号\"}}").andExpect(status().isOk());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ids(list("q", "投影仪"))).contains(id));
        assertThat(ids(list("q", "黑屏"))).doesNotContain(id);

        desk.readBack(id).andExpect(status().isOk());
        otherServices.send("dispatch.events", "dispatch.assigned.v1", id, 1,
                "{\"dispatchId\":\"%s-D1\",\"ticketId\":\"%s\",\"engineerId\":\"eng-search\"}".formatted(id, id));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ids(list("q", "投影仪", "status",
                "ASSIGNED", "engineerId", "eng-search"))).containsExactly(id));
    }

    @Test
    void deepPagesFollowTheCursorWithoutRepeatsOrGaps() throws Exception {
        String word = "游标" + UUID.randomUUID().toString().substring(0, 4);
        List<String> recorded = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            recorded.add(desk.recorded(report("打印机 " + word + " 故障", "三楼", printer, "周九", "1380000000" + i)));
        }
        awaitFound(word, recorded.toArray(String[]::new));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = get("/api/v1/tickets").param("q", word).param("size", "2").with(agent());
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            String page = mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            seen.addAll(ids(page));
            cursor = JsonPath.read(page, "$.nextCursor");
        } while (cursor != null);
        assertThat(seen).containsExactlyInAnyOrderElementsOf(recorded).doesNotHaveDuplicates();
        // numbered pages show the same tickets in the same order as the cursor
        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            paged.addAll(ids(mvc.perform(get("/api/v1/tickets").param("q", word).param("size", "2")
                    .param("page", String.valueOf(page)).with(agent())).andExpect(status().isOk()).andReturn()
                    .getResponse().getContentAsString()));
        }
        assertThat(paged).isEqualTo(seen);
    }

    @Test
    void badSearchInputIsAProblemNamingTheField() throws Exception {
        expectInvalid(get("/api/v1/tickets").param("q", "卡".repeat(201)), "q");
        expectInvalid(get("/api/v1/tickets").param("q", "!!! ???"), "q");
        expectInvalid(get("/api/v1/tickets").param("cursor", "not-a-cursor"), "cursor");
        expectInvalid(get("/api/v1/tickets").param("sort", "customer,desc"), "sort");
        expectInvalid(get("/api/v1/tickets").param("facets", "engineer"), "facets");
    }

    private void expectInvalid(MockHttpServletRequestBuilder request, String field) throws Exception {
        mvc.perform(request.with(agent())).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value(field));
    }

    private String report(String symptom, String location, String asset, String reporter, String phone) {
        return desk.report("CUSTOMER_CALL", "\"assetIds\":[\"%s\"],\"reporter\":{\"name\":\"%s\",\"phone\":\"%s\"}"
                .formatted(asset, reporter, phone))
                .replace("UPS 告警灯闪烁", symptom).replace("机房 A 排 3 号柜", location);
    }

    /** Waits until {@code q} finds every one of the tickets: the index shows a write within a second. */
    private void awaitFound(String q, String... ids) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ids(list("q", q, "size", "200")))
                .contains(ids));
    }

    private String list(String... params) throws Exception {
        var request = get("/api/v1/tickets").param("customerId", desk.customerId).with(agent())
                .contentType(MediaType.APPLICATION_JSON);
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private String ticket(String id) throws Exception {
        return mvc.perform(get("/api/v1/tickets/{id}", id).with(agent())).andReturn().getResponse().getContentAsString();
    }

    private static List<String> ids(String page) {
        return JsonPath.read(page, "$.content[*].id");
    }
}
