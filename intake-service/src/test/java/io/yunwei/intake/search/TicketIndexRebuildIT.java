package io.yunwei.intake.search;

import static io.yunwei.chassis.testkit.Callers.agent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.yunwei.chassis.security.Actor;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.intake.customer.CustomerDirectory;
import io.yunwei.intake.ticket.Ticket;
import io.yunwei.intake.ticket.TicketSearch;

/** An index that was lost is built again from the store, and finds what the store holds. */
@IntegrationTest
@AutoConfigureMockMvc
class TicketIndexRebuildIT {

    @Autowired
    MockMvc mvc;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    CustomerDirectory customers;

    @TempDir
    Path folder;

    @Test
    void aDeletedIndexIsBuiltAgainFromTheStore() throws Exception {
        String customer = "c" + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/customers").with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"id\":\"%s\",\"name\":\"重建测试公司\"}".formatted(customer))).andExpect(status().isCreated());
        String id = JsonPath.read(mvc.perform(post("/api/v1/tickets").with(agent()).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"channel":"INSPECTION","customerId":"%s","when":{"occurredAt":"2026-11-25T09:30:00+08:00"},
                         "who":{"reportedBy":"王工"},"where":{"location":"档案室"},"what":{"symptom":"碎纸机过热停机"},
                         "why":{"suspectedCause":"连续工作"},"how":{"discoveredHow":"巡检发现","impact":"LOW","urgency":"LOW"}}
                        """.formatted(customer))).andExpect(status().isCreated()).andReturn().getResponse()
                .getContentAsString(), "$.id");

        try (var rebuilt = new LuceneTicketSearch(folder.resolve("index"), customers, Clock.systemUTC(),
                Duration.ofMinutes(1), new SimpleMeterRegistry())) {
            assertThat(rebuilt.created()).isTrue();
            long read;
            try (Stream<Ticket> tickets = mongo.stream(new Query(), Ticket.class)) {
                read = rebuilt.rebuild(tickets::iterator);
            }
            rebuilt.refresh();

            assertThat(read).isEqualTo(mongo.count(new Query(), Ticket.class));
            TicketSearch.Hits hits = rebuilt.search(new TicketSearch.Query("碎纸机 档案室", Set.of(), customer, null, null,
                    null, null, null, null, null, null, TicketSearch.Order.RELEVANCE, true, 0, 20, null, Set.of(), null),
                    new Actor("agent", List.of("AGENT"), null, null));
            assertThat(hits.ids()).containsExactly(id);
            assertThat(hits.highlights().get(id)).containsKey("symptom");
        }
    }
}
