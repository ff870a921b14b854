package io.yunwei.gateway.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.method;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.ui.ExtendedModelMap;


/** The desk finds tickets by words and status through intake's search, and shows what matched as text, never markup. */
class TicketFinderTest {

    private static final String API = FakeApi.URL;

    private MockRestServiceServer services;
    private TicketFinder finder;

    @BeforeEach
    void consoleAgainstAFakeApi() {
        FakeApi fake = FakeApi.inOrder();
        services = fake.services;
        finder = new TicketFinder(fake.api, fake.properties, ApiProblemsTest.messages());
    }

    @Test
    void asksForTheBestMatchesOfTheWordsInTheStatusAndShowsWhatMatched() {
        services.expect(requestTo(API + "/api/v1/tickets?sort=relevance&page=0&size=20&q=%E5%8D%A1%E7%BA%B8&status=OPEN"))
                .andExpect(method(HttpMethod.GET))
                .andRespond(withSuccess("""
                        {"content":[{"id":"t-1","number":"YW-20261205-0001","status":"OPEN","customerId":"acme",
                          "recordedAt":"2026-12-05T01:30:00Z","what":{"symptom":"打印机卡纸"}}],
                         "page":0,"size":20,"totalElements":1,"totalPages":1,
                         "highlights":{"t-1":{"what.symptom":["打印机<em>卡纸</em> &lt;b&gt;急&lt;/b&gt;"]}}}
                        """, MediaType.APPLICATION_JSON));
        ExtendedModelMap model = new ExtendedModelMap();

        String view = finder.search(" 卡纸 ", "OPEN", 0, model, Locale.SIMPLIFIED_CHINESE);

        services.verify();
        assertThat(view).isEqualTo("search");
        List<TicketFinder.Found> found = (List<TicketFinder.Found>) model.get("found");
        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.recordedAt()).isEqualTo("2026-12-05 09:30");
            assertThat(f.matches()).containsExactly(List.of(new TicketFinder.Part("打印机", false),
                    new TicketFinder.Part("卡纸", true), new TicketFinder.Part(" <b>急</b>", false)));
        });
        String html = ConsoleTemplatesTest.render("search", Locale.SIMPLIFIED_CHINESE, model);
        assertThat(html).contains("找到 1 个工单。", "<mark>卡纸</mark>", "&lt;b&gt;急&lt;/b&gt;", "YW-20261205-0001",
                "href=\"/desk/tickets/t-1\"").doesNotContain("<b>急</b>");
    }

    @Test
    void withoutWordsListsTheNewestAndLeavesAnUnknownStatusOut() {
        services.expect(requestTo(API + "/api/v1/tickets?sort=recordedAt,desc&page=0&size=20"))
                .andRespond(withSuccess("{\"content\":[],\"page\":0,\"size\":20,\"totalElements\":0,\"totalPages\":0,"
                        + "\"highlights\":{}}", MediaType.APPLICATION_JSON));
        ExtendedModelMap model = new ExtendedModelMap();

        finder.search("", "NOT_A_STATUS", -3, model, Locale.ENGLISH);

        services.verify();
        assertThat(ConsoleTemplatesTest.render("search", Locale.ENGLISH, model)).contains("No tickets found.");
    }
}
