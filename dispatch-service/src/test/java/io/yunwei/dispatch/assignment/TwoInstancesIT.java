package io.yunwei.dispatch.assignment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.data.mongodb.core.query.Criteria.where;
import static org.springframework.data.mongodb.core.query.Query.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.yunwei.chassis.events.InboundEvent;
import io.yunwei.chassis.outbox.DocumentStore;
import io.yunwei.chassis.testkit.InfrastructureInitializer;
import io.yunwei.chassis.testkit.IntegrationTest;
import io.yunwei.chassis.testkit.TestEvents;
import io.yunwei.chassis.testkit.TestInfrastructure;
import io.yunwei.chassis.testkit.TopicProbe;
import io.yunwei.dispatch.DispatchApplication;
import io.yunwei.dispatch.engineer.Engineer;

/**
 * Two dispatch instances (this test's application context and a second one on the same broker and store) work
 * the same tickets at the same moment: every opened ticket is handed to both, as a redelivery after a consumer
 * group rebalance would, and both sweep the same overdue acceptances.
 */
@IntegrationTest
@AutoConfigureMockMvc
class TwoInstancesIT {

    private static TestEvents intake;
    private static TopicProbe dispatchEvents;
    private static ConfigurableApplicationContext secondInstance;

    @Autowired
    MockMvc mvc;
    @Autowired
    DispatchListener firstService;

    @Autowired
    DocumentStore store;
    @Autowired
    MongoTemplate mongo;

    Desk desk;

    @BeforeAll
    static void startSecondInstance() {
        intake = new TestEvents(TestInfrastructure.get().kafkaBootstrapServers());
        dispatchEvents = new TopicProbe(TestInfrastructure.get().kafkaBootstrapServers(), "dispatch.events");
        secondInstance = new SpringApplicationBuilder(DispatchApplication.class)
                .initializers(new InfrastructureInitializer())
                // arguments, not default properties: application.yml's port 8082 would win over a default
                .run("--server.port=0", "--spring.jmx.enabled=false");
    }

    @AfterAll
    static void stopSecondInstance() {
        secondInstance.close();
        intake.close();
        dispatchEvents.close();
    }

    @BeforeEach
    void desk() {
        desk = new Desk(mvc, intake, dispatchEvents);
    }

    @Test
    void twoInstancesAssigningAtOnceNeverOverbookAndDecideEachTicketOnce() throws Exception {
        List<String> engineers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            engineers.add(desk.engineer(2));
        }
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            tickets.add(UUID.randomUUID().toString());
        }
        DispatchListener secondService = secondInstance.getBean(DispatchListener.class);

        Map<String, Integer> peak = watchPeakLoad(engineers, () -> {
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> work = new ArrayList<>();
                for (String ticket : tickets) {
                    InboundEvent opened = opened(ticket, "P2");
                    work.add(pool.submit(() -> firstService.assign(opened)));
                    work.add(pool.submit(() -> secondService.assign(opened)));
                }
                for (Future<?> done : work) {
                    done.get();
                }
            }
        });

        assertThat(peak.values()).allSatisfy(load -> assertThat(load).isLessThanOrEqualTo(2));
        // each ticket decided once: assigned, or escalated; a losing attempt's reservation may briefly fill an
        // engineer, and the planner then places a ticket that waited in the slot given back (escalated, assigned)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(tickets).allSatisfy(t -> assertThat(
                desk.types(t)).isIn(List.of("dispatch.assigned.v1"), List.of("dispatch.escalated.v1"),
                        List.of("dispatch.escalated.v1", "dispatch.assigned.v1"))));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            List<String> held = engineers.stream().flatMap(e -> mongo.findById(e, Engineer.class).active().stream())
                    .toList();
            List<String> assigned = tickets.stream().flatMap(t -> store.find(TicketDispatch.class, t).stream())
                    .flatMap(f -> f.dispatches().stream()).map(d -> d.reservation()).toList();
            assertThat(assigned).hasSizeBetween(8, 10);
            assertThat(held).containsExactlyInAnyOrderElementsOf(assigned);
            // the day's tally counts what was kept, once, and none of the reservations the losing attempts gave back
            List<String> counted = engineers.stream()
                    .flatMap(e -> mongo.findById(e, Engineer.class).tally().stream()).toList();
            assertThat(counted).containsExactlyInAnyOrderElementsOf(assigned);
        });
    }

    @Test
    void twoSweepersMoveEachUnansweredDispatchOnExactlyOnce() throws Exception {
        List<String> engineers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            engineers.add(desk.engineer(2));
        }
        List<String> tickets = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tickets.add(UUID.randomUUID().toString());
        }
        DispatchListener secondService = secondInstance.getBean(DispatchListener.class);

        Map<String, Integer> peak = watchPeakLoad(engineers, () -> {
            for (int i = 0; i < tickets.size(); i++) {
                (i % 2 == 0 ? firstService : secondService).assign(opened(tickets.get(i), "P1"));
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(tickets).allSatisfy(t -> assertThat(
                    desk.types(t)).endsWith("dispatch.escalated.v1")));
        });

        assertThat(peak.values()).allSatisfy(load -> assertThat(load).isLessThanOrEqualTo(2));
        assertThat(engineers).allSatisfy(e -> assertThat(load(e)).isZero());
        for (String ticket : tickets) {
            List<String> types = desk.types(ticket);
            assertThat(types).filteredOn("dispatch.escalated.v1"::equals).hasSize(1);
            assertThat(types).filteredOn("dispatch.acceptance-expired.v1"::equals).hasSize(3);
            List<String> dispatchIds = desk.payloads(ticket, "dispatch.assigned.v1").stream()
                    .map(p -> JsonPath.<String>read(p, "$.dispatchId")).toList();
            assertThat(dispatchIds).hasSize(3).doesNotHaveDuplicates();
        }
    }

    private int load(String engineerId) {
        return mongo.findById(engineerId, Engineer.class).load();
    }

    /** Runs the work while watching every engineer's load; returns the highest load each one ever had. */
    private Map<String, Integer> watchPeakLoad(List<String> engineers, Work work) throws Exception {
        Map<String, Integer> peak = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (running.get()) {
                for (Engineer engineer : mongo.find(query(where("_id").in(engineers)), Engineer.class)) {
                    peak.merge(engineer.id(), engineer.load(), Math::max);
                }
            }
        });
        try {
            work.run();
        } finally {
            running.set(false);
            watcher.join();
        }
        return peak;
    }

    private InboundEvent opened(String ticket, String priority) {
        return new InboundEvent(UUID.randomUUID().toString(), "ticket.opened.v1", "/yunwei/intake-service", ticket, 3,
                Instant.now(), "intake.events", """
                        {"ticketId":"%s","customerId":"acme","siteId":"hq","areaCode":"%s","assetCategories":["PRINTER"],
                         "priority":"%s"}""".formatted(ticket, desk.area, priority));
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }
}
